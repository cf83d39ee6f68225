#pragma once
// The one reader of ARNs: arn:<partition>:<service>:<region>:<account>:<resource>. Everything
// that needs a cluster name, a service path or a log group out of an ARN asks here instead of
// counting characters after ":cluster/".
#include <optional>
#include <string>
#include <string_view>

namespace emulator {

struct ArnParts {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // everything after the fifth ':' (may hold ':' and '/')
};

std::optional<ArnParts> parse_arn(std::string_view arn);
// The resource after "<type>/" (or "<type>:" for log-group), e.g. ("...:service/c/s",
// "service") -> "c/s"; nullopt when `arn` is not an ARN of that resource type.
std::optional<std::string> arn_resource(std::string_view arn, std::string_view type);
// A cluster ARN's name; "default" when it is not a cluster ARN.
std::string cluster_name_of(std::string_view cluster_arn);

}  // namespace emulator
