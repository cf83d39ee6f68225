#pragma once
// The steps deploy, rollback and scale share once their plan is made: the one UpdateService
// and what it tells about our deployment, the ending of a preflight that found problems, and
// the wording of a watch that ended without a verdict. One place, so a deployment strategy's
// rules (what the update may send, which deployment is ours) hold for every command.

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/preflight.h"
#include "engine/reporter.h"
#include "engine/rollout_assess.h"
#include "engine/watch.h"
#include "util/clock.h"

namespace engine {

using StepResult = std::optional<OperationResult>;  // nullopt: go on with the next step

// What one UpdateService changes. Nothing else is ever sent: the service's load balancers and
// deployment configuration stay ECS's (re-sending them would fight its own bookkeeping).
struct ServiceChange {
  std::optional<std::string> task_definition;  // nullopt: keep the revision (scale)
  std::optional<int> desired_count;            // nullopt: keep the count (rollback)
  bool force_new_deployment = false;
};

// The ids of the events the service reported before our change: the watch shows newer ones.
std::set<std::string> event_ids(const services::Service& service);

// Sends the UpdateService for `change` to the service the preflight found as `before`, as the
// timed phase "update" titled `title` (its time in `elapsed`), then emits ServiceUpdated and
// returns which deployment is ours (its PRIMARY deployment id and, when the region has them,
// the new service deployment's ARN).
util::Result<RolloutTarget> send_service_change(
    const Clients& clients, util::Clock& clock, Reporter& reporter, const std::string& cluster,
    const std::string& service, const services::Service& before, const ServiceChange& change,
    const std::string& title, std::chrono::milliseconds& elapsed);

// The preflight of a command that acts on the service as it stands (rollback, continue): no
// deployment may be required idle and no task definition is read; timed as the phase
// "preflight" (its time in `result.timings.preflight`). On success fills in the service's
// revision and count as `result`'s previous ones and returns nullopt with the service in
// `service`; otherwise the finished run (problems listed, nothing changed).
StepResult preflight_service_as_is(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                   std::chrono::steady_clock::time_point start,
                                   OperationResult& result, const std::string& expected_account,
                                   services::Service& service);

// Ends a run whose preflight found problems: exit 3, each problem listed, nothing changed.
OperationResult finish_preflight_failed(Reporter& reporter, util::Clock& clock,
                                        std::chrono::steady_clock::time_point start,
                                        OperationResult result, const PreflightResult& preflight);

// Ends a run whose --wait-until was met (outcome paused or reached-stage, exit 0): the summary
// says where the deployment stands, what still runs, and how to approve, reject or follow it.
OperationResult finish_waited_until(Reporter& reporter, util::Clock& clock,
                                    std::chrono::steady_clock::time_point start,
                                    OperationResult result, const WatchResult& watched,
                                    const std::string& revision);

// Ends a run whose watch stopped without judging the rollout (timed out, interrupted, or the
// watch itself failed): `waiting_for` names what was awaited ("web:5", "the rollback"), and the
// summary says the change goes on in ECS and how to follow it.
OperationResult finish_unjudged_watch(Reporter& reporter, util::Clock& clock,
                                      std::chrono::steady_clock::time_point start,
                                      OperationResult result, const WatchResult& watched,
                                      const std::string& waiting_for,
                                      std::chrono::milliseconds timeout);

}  // namespace engine
