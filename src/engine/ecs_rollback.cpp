#include "engine/ecs_rollback.h"

#include "engine/lifecycle.h"
#include "engine/phase.h"
#include "engine/service_change.h"
#include "engine/watch.h"
#include "services/arn.h"

namespace engine {

namespace {

constexpr auto k_status_poll = std::chrono::seconds(1);

// The deployment's status once it is terminal; "" when the deadline passed first (or a
// sleep was interrupted: `interrupted`).
util::Result<std::string> terminal_status(const Clients& clients, util::Clock& clock,
                                          const std::string& arn,
                                          std::chrono::steady_clock::time_point deadline,
                                          bool& interrupted) {
  for (;;) {
    auto sds = clients.ecs.describe_service_deployments({arn});
    if (!sds) {
      return sds.take_error();
    }
    if (!sds->deployments.empty() && terminal_deployment_status(sds->deployments[0].status)) {
      return sds->deployments[0].status;
    }
    if (clock.steady_now() >= deadline) {
      return std::string();
    }
    if (!clock.sleep_for(k_status_poll)) {
      interrupted = true;
      return std::string();
    }
  }
}

}  // namespace

OperationResult finish_ecs_rollback(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                    std::chrono::steady_clock::time_point start,
                                    OperationResult result, const EcsRollbackWait& wait) {
  const std::string to_text = wait.returns_to.empty()
                                  ? std::string("what ran before it")
                                  : services::task_definition_short_name(wait.returns_to);
  const auto deadline = clock.steady_now() + wait.timeout;
  Phase phase(clock, reporter, "wait", "Waiting for the rollback");
  WatchResult w = wait_until_settled(clients, clock, reporter, wait.cluster, wait.service,
                                     wait.returns_to, wait.known_event_ids, wait.timeout);
  result.running_task_definition = result.task_definition = w.last.task_definition;
  if (w.outcome == Outcome::RolloutFailed) {
    result.timings.wait = phase.finish(false);
    result.outcome = Outcome::RolloutFailed;
    result.failure_reason = w.verdict.reason;
    return finish(reporter, clock, start, std::move(result),
                  wait.done + " but the service did not settle: " + w.verdict.reason);
  }
  if (w.outcome != Outcome::Succeeded) {
    result.timings.wait = phase.finish(false);
    return finish_unjudged_watch(reporter, clock, start, std::move(result), w,
                                 "the rollback to " + to_text, wait.timeout);
  }
  bool interrupted = false;
  auto status = terminal_status(clients, clock, wait.service_deployment_arn, deadline, interrupted);
  result.timings.wait = phase.finish(status && *status == "ROLLBACK_SUCCESSFUL");
  if (!status || status->empty()) {
    WatchResult unjudged = w;
    unjudged.outcome = !status       ? Outcome::Error
                       : interrupted ? Outcome::Interrupted
                                     : Outcome::TimedOut;
    if (!status) {
      unjudged.error = status.error();
    }
    return finish_unjudged_watch(reporter, clock, start, std::move(result), unjudged,
                                 "the rollback to " + to_text, wait.timeout);
  }
  if (*status == "ROLLBACK_SUCCESSFUL") {
    result.outcome = Outcome::Succeeded;
    result.rolled_back = true;
    return finish(reporter, clock, start, std::move(result),
                  wait.done + "; ECS rolled it back (ROLLBACK_SUCCESSFUL) and " +
                      services::task_definition_short_name(w.last.task_definition) + " runs again");
  }
  result.outcome = Outcome::RolloutFailed;
  result.failure_reason = "the deployment ended " + *status + ", not ROLLBACK_SUCCESSFUL";
  if (*status == "ROLLBACK_FAILED") {
    result.failure_reason +=
        ": ECS could not restore " + to_text + " and the service may be serving nothing";
  }
  return finish(reporter, clock, start, std::move(result),
                wait.done + " but " + result.failure_reason);
}

}  // namespace engine
