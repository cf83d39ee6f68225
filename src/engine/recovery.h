#pragma once
// After a failed rollout: make sure the service runs the revision it ran before, and say so.
// ECS may already be rolling back (circuit breaker with rollback); otherwise, when asked, we
// stop our service deployment with ROLLBACK, or fall back to UpdateService with the previous
// revision, and wait for it.

#include <set>
#include <string>

#include "engine/clients.h"
#include "engine/deploy.h"
#include "engine/reporter.h"
#include "engine/rollout_assess.h"
#include "util/clock.h"

namespace engine {

struct RecoveryRequest {
  std::string cluster;
  std::string service;
  RolloutTarget target;  // the failed rollout
  RolloutVerdict verdict;
  bool rollback_on_failure = true;
  // Last observed status of our service deployment; StopServiceDeployment only applies while
  // it is still running (not after ECS already STOPPED it).
  std::string service_deployment_status;
  std::set<std::string> seen_event_ids;
  std::chrono::milliseconds timeout{0};
  // A deployment with lifecycle stages: ECS's rollback there comes from its hooks, alarms or
  // circuit breaker, not the circuit breaker alone.
  bool staged = false;
};

struct RecoveryResult {
  bool rolled_back = false;  // a rollback ran (by ECS or by us) and the service settled on it
  std::string method;        // "ECS circuit breaker", "StopServiceDeployment(ROLLBACK)", ...
  std::string running_task_definition;  // what the service runs now ("" when unknown)
  std::string detail;                   // one line for the summary
  std::optional<util::Error> error;
};

// Pure: why no rollback runs for `request` (another deployment replaced ours, ECS's own
// rollback failed, rollback on failure is off, no earlier revision), or "" when one runs
// (ECS's circuit breaker rollback, which is watched, or ours).
std::string rollback_skip_reason(const RecoveryRequest& request);

RecoveryResult recover_failed_rollout(const Clients& clients, util::Clock& clock,
                                      Reporter& reporter, const RecoveryRequest& request);

}  // namespace engine
