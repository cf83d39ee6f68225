#include "engine/recovery.h"

#include "engine/watch.h"
#include "services/arn.h"

namespace engine {

namespace {
std::string short_td(const std::string& arn) {
  return services::task_definition_short_name(arn);
}
}  // namespace

std::string rollback_skip_reason(const RecoveryRequest& req) {
  const std::string& previous = req.target.previous_task_definition;
  if (req.verdict.replaced) {
    return "another deployment replaced ours; not rolling back over it";
  }
  if (req.verdict.ecs_rollback_failed) {
    // Rolling back again would likely fail the same way; a person has to look.
    return "ECS's rollback to " + short_td(previous) + " failed; not retrying it";
  }
  if (req.verdict.rolled_back_by_ecs) {
    return "";
  }
  if (!req.rollback_on_failure) {
    return "rollback on failure is off; the failed deployment is left as it is";
  }
  if (previous.empty() || previous == req.target.task_definition) {
    return "no earlier revision to roll back to";
  }
  return "";
}

RecoveryResult recover_failed_rollout(const Clients& clients, util::Clock& clock,
                                      Reporter& reporter, const RecoveryRequest& req) {
  RecoveryResult out;
  const std::string& previous = req.target.previous_task_definition;
  if (std::string skip = rollback_skip_reason(req); !skip.empty()) {
    out.detail = std::move(skip);
  } else if (req.verdict.rolled_back_by_ecs) {
    out.method = req.staged ? "ECS's own rollback" : "ECS deployment circuit breaker rollback";
    reporter.on(
        RollbackStarted{req.verdict.reason, req.target.task_definition, previous, out.method});
  } else {
    bool stopped = false;
    const std::string& st = req.service_deployment_status;
    const bool stoppable = !req.target.service_deployment_arn.empty() &&
                           (st.empty() || st == "PENDING" || st == "IN_PROGRESS");
    if (stoppable) {
      out.method = "StopServiceDeployment(ROLLBACK)";
      reporter.on(
          RollbackStarted{req.verdict.reason, req.target.task_definition, previous, out.method});
      auto r = clients.ecs.stop_service_deployment(req.target.service_deployment_arn, "ROLLBACK");
      stopped = r.ok();
      if (!r) {
        reporter.on(Message{Severity::Warning, "StopServiceDeployment failed (" +
                                                   r.error().describe() +
                                                   "); rolling back with UpdateService instead"});
      }
    }
    if (!stopped) {
      out.method = "UpdateService";
      if (!stoppable) {
        reporter.on(
            RollbackStarted{req.verdict.reason, req.target.task_definition, previous, out.method});
      }
      services::UpdateServiceRequest update;
      update.cluster = req.cluster;
      update.service = req.service;
      update.task_definition = previous;
      auto r = clients.ecs.update_service(update);
      if (!r) {
        out.error = r.error();
        out.detail = "rollback failed: " + r.error().describe();
        return out;
      }
    }
  }

  if (!out.method.empty()) {
    WatchResult w = wait_until_settled(clients, clock, reporter, req.cluster, req.service, previous,
                                       req.seen_event_ids, req.timeout);
    out.running_task_definition = w.last.task_definition;
    if (w.outcome == Outcome::Succeeded) {
      out.rolled_back = true;
      out.detail = "rolled back: " + short_td(previous) + " runs again";
    } else if (w.outcome == Outcome::Error && w.error) {
      out.error = w.error;
      out.detail =
          "rollback started (" + out.method + ") but watching it failed: " + w.error->describe();
    } else {
      out.detail = "rollback to " + short_td(previous) + " started (" + out.method +
                   ") but did not settle: " + to_string(w.outcome);
    }
    return out;
  }
  // Nothing was rolled back: report what runs now.
  auto described = clients.ecs.describe_services(req.cluster, {req.service});
  if (described && !described->services.empty()) {
    out.running_task_definition = described->services.front().task_definition;
  }
  return out;
}

}  // namespace engine
