#pragma once
// ECS's own rollback of a service deployment that ecsdeploy asked for (StopServiceDeployment or
// ContinueServiceDeployment with ROLLBACK): wait until the service runs the source revision
// again and the deployment ends ROLLBACK_SUCCESSFUL, then finish the run. Shared by rollback
// (in-flight and paused deployments) and continue --rollback, so "rolled back" means one thing.

#include <chrono>
#include <set>
#include <string>

#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "util/clock.h"

namespace engine {

struct EcsRollbackWait {
  std::string cluster;
  std::string service;
  std::string service_deployment_arn;  // the deployment ECS rolls back
  std::string returns_to;              // the source revision's task definition ("": any)
  std::set<std::string> known_event_ids;
  std::chrono::milliseconds timeout{0};
  std::string done;  // what was asked, for the summary ("stopped the in-flight deployment")
};

// Waits (phase "wait") and finishes `result`: Succeeded when the deployment ended
// ROLLBACK_SUCCESSFUL with the service settled; RolloutFailed for ROLLBACK_FAILED or any other
// ending; a timeout or Ctrl-C as an unjudged watch.
OperationResult finish_ecs_rollback(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                    std::chrono::steady_clock::time_point start,
                                    OperationResult result, const EcsRollbackWait& wait);

}  // namespace engine
