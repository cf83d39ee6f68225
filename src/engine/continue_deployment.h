#pragma once
// continue: resume the PAUSE hook awaiting action on the service's current deployment with
// CONTINUE (then watch like deploy, honouring --wait-until) or ROLLBACK (then wait for ECS's
// rollback to end ROLLBACK_SUCCESSFUL). Which hook is a pure choice; a refusal changes nothing.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "engine/stage_watch.h"  // awaiting_pause_hooks
#include "engine/watch.h"
#include "services/ecs_types.h"
#include "util/clock.h"

namespace engine {

struct ContinueOptions {
  std::string cluster;
  std::string service;
  bool rollback = false;               // ROLLBACK instead of CONTINUE
  std::optional<std::string> hook_id;  // required when several hooks await action
  std::string expected_account;
  bool dry_run = false;
  WatchOptions watch;  // for CONTINUE: --wait-until the next pause or a stage
};

// Pure: the hook to resume, or why none can be (a sentence naming the deployment's status and
// stage, or the hooks that are awaiting, with their expiry).
std::variant<services::LifecycleHookRun, std::string> choose_hook(
    const services::ServiceDeployment& deployment, const std::optional<std::string>& hook_id);

OperationResult continue_deployment(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                    const ContinueOptions& options);

}  // namespace engine
