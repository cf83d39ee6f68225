#pragma once
// ARN parsing: "arn:partition:service:region:account:resource".

#include <optional>
#include <string>
#include <string_view>

namespace services {

struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // "service/cluster/name", "task-definition/web:3", ...
};

std::optional<Arn> parse_arn(std::string_view text);

// "web:3" from ".../task-definition/web:3" (or the input when it is not an ARN).
std::string task_definition_short_name(std::string_view arn_or_name);
// Family and revision from "family:rev" or a task-definition ARN; revision 0 when absent.
struct FamilyRevision {
  std::string family;
  int revision = 0;
};
std::optional<FamilyRevision> parse_task_definition_ref(std::string_view ref);
// Last path component of an ARN resource ("web" from ".../service/stg/web").
std::string arn_last_component(std::string_view arn_or_name);
// "smoke" from "arn:aws:lambda:us-east-1:1:function:smoke[:QUALIFIER]"; other text as given.
std::string lambda_function_name(std::string_view arn);

}  // namespace services
