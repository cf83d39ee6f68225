#pragma once
// Where iam-policy and lint get their documents: a local JSON file (offline, e.g. the IaC's
// rendered task definition) or ECS itself (the service's current revision, or a family's latest).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/session.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace cli {

struct JsonFile {
  std::string path;
  std::string text;  // kept to point GitHub annotations at a line
  nlohmann::ordered_json json;
};

// Errors (InvalidInput) name the file and the byte offset only: the file may hold secrets.
util::Result<JsonFile> read_json_file(const std::string& path);

// The DescribeTaskDefinition envelope unwrapped ({"taskDefinition": {...}} -> {...}).
const nlohmann::ordered_json& task_definition_of(const nlohmann::ordered_json& document);

struct ServiceAndTaskDefinition {
  std::optional<services::Service> service;  // set when cluster and service were given
  services::TaskDefinition task_definition;
};

// `family` set: that family's latest ACTIVE revision; otherwise the service's current one.
// NotFound when the service does not exist in the cluster.
util::Result<ServiceAndTaskDefinition> fetch_task_definition(aws::Session& session,
                                                             const std::string& cluster,
                                                             const std::string& service,
                                                             const std::string& family);

// 1-based line of the first occurrence of "name" (quoted, as a JSON key or value); 0 if none.
int line_of(const std::string& text, const std::string& name);

}  // namespace cli
