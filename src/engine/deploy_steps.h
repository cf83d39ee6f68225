#pragma once
// The steps of one service's deploy, shared by deploy() (one service) and deploy_services()
// (several in one run): each step either moves the service's DeployState on or returns the
// finished OperationResult (a failure, a dry run, or --no-wait).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/deploy.h"
#include "engine/operation_result.h"
#include "engine/plan.h"
#include "engine/preflight.h"
#include "engine/reporter.h"
#include "engine/service_change.h"
#include "engine/shared_reads.h"
#include "engine/watch.h"
#include "util/clock.h"

namespace engine {

struct DeployState {
  std::chrono::steady_clock::time_point start;
  OperationResult result;
  PreflightResult preflight;
  std::optional<DeployPlan> plan;
  RolloutTarget target;                               // set by start_rollout
  std::vector<services::ContainerBasics> containers;  // of the revision being rolled out
  // Why preflight.base is not the family's latest revision (--base); empty when it is.
  std::string base_why;
  // A fleet deploy's revision registered for another service of the run with the same base
  // and image (engine/fleet_plan.h): start_rollout updates to it instead of registering.
  std::optional<services::TaskDefinition> shared_revision;
  std::string shared_with;  // the service it was registered for
};

DeployState begin_deploy(util::Clock& clock, const DeployOptions& options);

// Validates the options and runs the preflight (waiting for idle when asked). Ends the run on
// invalid input or a failed preflight (nothing was changed). `reads` (optional) is shared by
// the preflights of one fleet run.
StepResult run_deploy_preflight(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                const DeployOptions& options, DeployState& state,
                                SharedReads* reads = nullptr);

// With keep_desired_count, the count becomes the one the preflight found the service at.
void keep_current_desired_count(DeployOptions& options, DeployState& state);

// Replaces the preflight's base (the family's latest) when options.base asks for another
// revision; ends the run (nothing changed) when that revision cannot be found.
StepResult choose_base_step(const Clients& clients, util::Clock& clock, Reporter& reporter,
                            const DeployOptions& options, DeployState& state);

// Builds and shows the plan; a dry run ends here.
StepResult plan_deploy_step(util::Clock& clock, Reporter& reporter, const DeployOptions& options,
                            DeployState& state);

// Registers (or reuses) the revision and sends the one UpdateService; --no-wait ends here.
StepResult start_rollout(const Clients& clients, util::Clock& clock, Reporter& reporter,
                         const DeployOptions& options, DeployState& state);

// What the watch needs to follow this service's rollout.
WatchRequest watch_request(const DeployOptions& options, const DeployState& state);

// After the watch: the summary, and for a failed rollout the recovery (rollback when asked).
OperationResult conclude_deploy(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                const DeployOptions& options, DeployState& state,
                                const WatchResult& watched);

}  // namespace engine
