#include "engine/rollback_target.h"

#include "services/arn.h"

namespace engine {

std::optional<RollbackChoice> choose_rollback_target(const std::string& current_td,
                                                     const std::string& current_sd,
                                                     const std::vector<PastDeployment>& deployments,
                                                     const std::vector<EarlierRevision>& earlier) {
  std::string skipped;  // successful deployments passed over, and why
  auto skip = [&](const PastDeployment& d, const std::string& why) {
    skipped += (skipped.empty() ? "; skipped " : ", ") +
               services::task_definition_short_name(d.task_definition) + " (" + why + ")";
  };
  for (const auto& d : deployments) {
    if (d.arn == current_sd || d.task_definition.empty() || d.task_definition == current_td ||
        d.status != "SUCCESSFUL") {
      continue;
    }
    if (d.revision_inactive) {
      skip(d, "deregistered");
      continue;
    }
    return RollbackChoice{d.task_definition,
                          "it ran in the last successful service deployment before the current "
                          "one (" +
                              services::arn_last_component(d.arn) + ")" + skipped};
  }
  for (const auto& r : earlier) {
    if (r.deployed_by_ecsdeploy && r.arn != current_td) {
      return RollbackChoice{r.arn,
                            "no successful earlier service deployment is on record; it is the "
                            "newest earlier revision deployed by ecsdeploy" +
                                skipped};
    }
  }
  for (const auto& r : earlier) {
    if (r.arn != current_td) {
      return RollbackChoice{
          r.arn, "no deployment history is on record; it is the previous revision" + skipped};
    }
  }
  return std::nullopt;
}

}  // namespace engine
