#pragma once
// Internal to src/engine/iam_policy*.cpp: the helpers the role builders share, and the builders
// (the deploy role in iam_policy_deploy_role.cpp, the roles ECS tasks assume in
// iam_policy_task_roles.cpp). Not part of the engine's API: include engine/iam_policy.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/iam_policy.h"

namespace engine::iam_parts {

using Json = nlohmann::ordered_json;

// The service principal of the roles ECS tasks assume; PassRole goes only to it.
inline constexpr std::string_view k_ecs_tasks = "ecs-tasks.amazonaws.com";

// Appends `value` unless it is already there: statements list each resource once, in the
// order the task definition mentions them.
void add_unique(std::vector<std::string>& list, std::string value);

// The GitHub environments of the trust policy: target.github_environment split on ',' and
// trimmed.
std::vector<std::string> github_environments(const PolicyTarget& target);

// The string member `key` of `j`, or "".
std::string str(const Json& j, const char* key);

// ARNs in the target's partition, region and account (or the ones given).
class ArnMaker {
 public:
  explicit ArnMaker(const PolicyTarget& t) : m_t(t) {}
  std::string operator()(std::string_view service, std::string_view resource,
                         std::string_view region = {}, std::string_view account = {}) const {
    return "arn:" + m_t.partition + ":" + std::string(service) + ":" +
           std::string(region.empty() ? m_t.region : region) + ":" +
           std::string(account.empty() ? m_t.account : account) + ":" + std::string(resource);
  }
  std::string global(std::string_view service, std::string_view resource) const {
    return "arn:" + m_t.partition + ":" + std::string(service) + "::" + m_t.account + ":" +
           std::string(resource);
  }

 private:
  const PolicyTarget& m_t;
};

// The awslogs log group of a container definition; nullopt when it does not use awslogs.
struct LogGroup {
  std::string name;
  std::string region;
  bool create = false;
};
std::optional<LogGroup> awslogs_group(const Json& container);

// The CI deploy role: registers revisions of `family` and drives this one service.
RolePolicy deploy_role(const Json& td, const Json& container, const std::string& family,
                       const PolicyTarget& t, const ArnMaker& arn, std::vector<std::string>& notes);

// The execution role: what ECS needs to start the task (pull, logs, referenced secrets).
RolePolicy execution_role(const Json& td, const std::string& family, const PolicyTarget& t,
                          const ArnMaker& arn, std::vector<std::string>& notes);

// The task role: a skeleton of the application's own permissions.
RolePolicy task_role(const Json& td, const std::string& family, const PolicyTarget& t,
                     const ArnMaker& arn, std::vector<std::string>& notes);

}  // namespace engine::iam_parts
