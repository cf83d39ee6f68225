#include "engine/rollback_target.h"

#include "services/arn.h"

namespace engine {

std::optional<RollbackChoice> choose_rollback_target(const std::string& current_td,
                                                     const std::string& current_sd,
                                                     const std::vector<PastDeployment>& deployments,
                                                     const std::vector<EarlierRevision>& earlier) {
  for (const auto& d : deployments) {
    if (d.arn == current_sd || d.task_definition.empty() || d.task_definition == current_td) {
      continue;
    }
    if (d.status == "SUCCESSFUL") {
      return RollbackChoice{d.task_definition,
                            "it ran in the last successful service deployment before the current "
                            "one (" +
                                services::arn_last_component(d.arn) + ")"};
    }
  }
  for (const auto& r : earlier) {
    if (r.deployed_by_ecsdeploy && r.arn != current_td) {
      return RollbackChoice{r.arn,
                            "no successful earlier service deployment is on record; it is the "
                            "newest earlier revision deployed by ecsdeploy"};
    }
  }
  for (const auto& r : earlier) {
    if (r.arn != current_td) {
      return RollbackChoice{r.arn,
                            "no deployment history is on record; it is the previous revision"};
    }
  }
  return std::nullopt;
}

}  // namespace engine
