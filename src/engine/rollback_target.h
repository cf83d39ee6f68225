#pragma once
// Which revision `ecsdeploy rollback` goes back to, and why. Pure.
// 1. the revision of the last SUCCESSFUL service deployment before the current one (not the
//    revision running now) whose revision is still ACTIVE (a deregistered revision cannot
//    start tasks); 2. the newest earlier
//    revision registered by an ecsdeploy deploy (it carries our ecsdeploy:image-tag tag); 3. the
//    previous revision.

#include <optional>
#include <string>
#include <vector>

namespace engine {

struct PastDeployment {
  std::string arn;
  std::string status;  // SUCCESSFUL, ROLLBACK_SUCCESSFUL, STOPPED, ...
  std::string task_definition;
  bool revision_inactive = false;  // the revision was deregistered since
};

struct EarlierRevision {
  std::string arn;
  int revision = 0;
  bool deployed_by_ecsdeploy = false;
};

struct RollbackChoice {
  std::string task_definition;
  std::string reason;
};

// `deployments` newest first; `earlier` newest first, all older than the current revision.
std::optional<RollbackChoice> choose_rollback_target(const std::string& current_task_definition,
                                                     const std::string& current_service_deployment,
                                                     const std::vector<PastDeployment>& deployments,
                                                     const std::vector<EarlierRevision>& earlier);

}  // namespace engine
