#include "engine/service_revisions.h"

namespace engine {

util::Result<std::map<std::string, std::string>> task_definitions_of_targets(
    const Clients& clients, const std::vector<services::ServiceDeploymentBrief>& deployments) {
  std::vector<std::string> revision_arns;
  for (const auto& d : deployments) {
    if (!d.target_service_revision_arn.empty()) {
      revision_arns.push_back(d.target_service_revision_arn);
    }
  }
  std::map<std::string, std::string> td_of;
  if (revision_arns.empty()) {
    return td_of;
  }
  auto revs = clients.ecs.describe_service_revisions(revision_arns);
  if (!revs) {
    return revs.take_error();
  }
  for (const auto& r : revs->revisions) {
    td_of[r.arn] = r.task_definition;
  }
  return td_of;
}

}  // namespace engine
