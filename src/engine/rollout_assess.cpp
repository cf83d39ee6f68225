#include "engine/rollout_assess.h"

#include <initializer_list>

#include "services/arn.h"

namespace engine {

namespace {

// ROLLBACK_FAILED is not among these: that rollback is over and did not restore anything.
bool is_rollback_status(const std::string& s) {
  return s == "ROLLBACK_REQUESTED" || s == "ROLLBACK_IN_PROGRESS" || s == "ROLLBACK_SUCCESSFUL";
}

bool is_one_of(const std::string& s, std::initializer_list<const char*> known) {
  for (const char* k : known) {
    if (s == k) {
      return true;
    }
  }
  return false;
}

// The enums of the ECS API reference (botocore's ecs model): Service.status (free text there,
// documented as these three), Deployment.status, DeploymentRolloutState, ServiceDeploymentStatus.
bool known_service_status(const std::string& s) {
  return is_one_of(s, {"ACTIVE", "DRAINING", "INACTIVE"});
}
bool known_deployment_status(const std::string& s) {
  return is_one_of(s, {"PRIMARY", "ACTIVE", "INACTIVE"});
}
bool known_rollout_state(const std::string& s) {
  return s.empty() || is_one_of(s, {"COMPLETED", "FAILED", "IN_PROGRESS"});
}
bool known_service_deployment_status(const std::string& s) {
  return is_one_of(
      s, {"PENDING", "SUCCESSFUL", "STOPPED", "STOP_REQUESTED", "IN_PROGRESS", "ROLLBACK_REQUESTED",
          "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"});
}

std::string short_td(const std::string& arn) {
  return services::task_definition_short_name(arn);
}

RolloutVerdict failed(std::string reason, bool by_ecs = false, bool replaced = false) {
  return {VerdictKind::Failed, std::move(reason), by_ecs, replaced};
}

RolloutVerdict in_progress(std::string awaiting) {
  return {VerdictKind::InProgress, std::move(awaiting), false, false};
}

RolloutVerdict waiting_for_known_state(const std::string& unknown) {
  RolloutVerdict v = in_progress("ECS reports " + unknown +
                                 ", which ecsdeploy does not know; waiting for a known state");
  v.unknown = unknown;
  return v;
}

// "1 task of web:3 stopped" / "3 tasks of web:3 stopped".
std::string tasks_stopped(int n, const RolloutTarget& target) {
  return std::to_string(n) + (n == 1 ? " task of " : " tasks of ") +
         short_td(target.task_definition) + " stopped";
}

std::string failed_tasks_reason(const RolloutSnapshot& snapshot, const RolloutTarget& target) {
  const std::string what = tasks_stopped(snapshot.failed_new_tasks, target);
  if (snapshot.settling) {
    return what +
           " after ECS called the rollout done (it crashed or failed its health check "
           "after starting)";
  }
  return what + " after starting (crash loop)";
}

// ECS calls a rollout done once the counts are reached, even when tasks of the new revision
// crashed on the way and were replaced; a revision whose task crashed is not one that serves.
RolloutVerdict succeeded_unless_tasks_failed(const RolloutSnapshot& snapshot,
                                             const RolloutTarget& target) {
  if (snapshot.failed_new_tasks > 0) {
    return failed(tasks_stopped(snapshot.failed_new_tasks, target) +
                  " with a failure during the rollout, although ECS completed it");
  }
  return {VerdictKind::Succeeded, "", false, false};
}

}  // namespace

const services::Deployment* find_primary(const services::Service& service) {
  for (const auto& d : service.deployments) {
    if (d.status == "PRIMARY") {
      return &d;
    }
  }
  return nullptr;
}

const services::Deployment* find_our_deployment(const services::Service& service,
                                                const RolloutTarget& target) {
  for (const auto& d : service.deployments) {
    if (!target.deployment_id.empty()
            ? d.id == target.deployment_id
            : (d.status == "PRIMARY" && d.task_definition == target.task_definition)) {
      return &d;
    }
  }
  return nullptr;
}

std::string unknown_state(const services::Service& service, const services::ServiceDeployment* sd) {
  auto quoted = [](const std::string& s) { return "'" + s + "'"; };
  if (!known_service_status(service.status)) {
    return "service status " + quoted(service.status);
  }
  for (const auto& d : service.deployments) {
    if (!known_deployment_status(d.status)) {
      return "status " + quoted(d.status) + " of deployment " + d.id;
    }
    if (!known_rollout_state(d.rollout_state)) {
      return "rolloutState " + quoted(d.rollout_state) + " of deployment " + d.id;
    }
  }
  if (sd != nullptr && !known_service_deployment_status(sd->status)) {
    return "service deployment status " + quoted(sd->status);
  }
  return {};
}

std::string unknown_state_note(const RolloutVerdict& verdict) {
  return verdict.unknown.empty()
             ? std::string()
             : " (ECS still reports " + verdict.unknown + ", which ecsdeploy does not know)";
}

bool counts_done(const services::Service& service, const services::Deployment& ours) {
  return service.deployments.size() == 1 && service.running == service.desired &&
         ours.running == ours.desired && service.pending == 0;
}

RolloutVerdict assess_rollout(const RolloutSnapshot& snapshot, const RolloutTarget& target,
                              const RolloutPolicy& policy) {
  const services::Service& svc = snapshot.service;
  const std::string unknown =
      unknown_state(svc, snapshot.service_deployment ? &*snapshot.service_deployment : nullptr);
  if (svc.status != "ACTIVE" && known_service_status(svc.status)) {
    return failed("service is " + svc.status);
  }
  const services::Deployment* ours = find_our_deployment(svc, target);
  const services::Deployment* primary = find_primary(svc);

  if (snapshot.service_deployment) {
    const auto& sd = *snapshot.service_deployment;
    if (sd.status == "ROLLBACK_FAILED") {
      std::string why = !sd.status_reason.empty() ? sd.status_reason : sd.rollback_reason;
      RolloutVerdict v =
          failed("the deployment failed and ECS's rollback failed too (ROLLBACK_FAILED)" +
                 (why.empty() ? std::string() : ": " + why) +
                 "; the service may be serving nothing: look at it now");
      v.ecs_rollback_failed = true;
      return v;
    }
    if (is_rollback_status(sd.status) || sd.rolled_back) {
      std::string why = !sd.rollback_reason.empty() ? sd.rollback_reason : sd.status_reason;
      return failed(
          "ECS rolled the deployment back (" + sd.status + ")" + (why.empty() ? "" : ": " + why),
          true);
    }
    if (sd.status == "STOPPED" || sd.status == "STOP_REQUESTED") {
      // ECS stops a deployment whose circuit breaker or alarm fired without rollback, and one
      // that a newer deployment superseded; only the latter means someone else took over.
      bool superseded = !ours || (primary && primary != ours);
      std::string why =
          sd.status_reason.empty() ? "the service deployment was " + sd.status : sd.status_reason;
      return failed(why, false, superseded);
    }
  }

  if (ours && ours->rollout_state == "FAILED") {
    std::string why =
        ours->rollout_state_reason.empty() ? "rollout FAILED" : ours->rollout_state_reason;
    bool ecs_rolls_back =
        svc.deployment_configuration.circuit_breaker_rollback || (primary && primary != ours);
    return failed(why, ecs_rolls_back);
  }

  if (!ours && !unknown.empty()) {
    return waiting_for_known_state(unknown);  // a deployment we cannot read may be ours
  }
  if (!ours) {
    // Our deployment is gone. Either ECS rolled back to an older revision (the waiter's
    // "stable" case) or someone else deployed over us.
    std::string now = primary ? short_td(primary->task_definition) : std::string("nothing");
    if (primary && primary->task_definition == target.previous_task_definition &&
        primary->task_definition != target.task_definition) {
      return failed("deployment of " + short_td(target.task_definition) +
                        " was rolled back; the service runs " + now + " again",
                    true);
    }
    return failed(
        "deployment " + target.deployment_id + " was replaced by another deployment (" + now + ")",
        false, true);
  }
  if (primary && primary != ours) {
    return failed("deployment " + ours->id + " is no longer PRIMARY; " + primary->id + " (" +
                      short_td(primary->task_definition) + ") replaced it",
                  false, true);
  }

  const int threshold = snapshot.settling ? 1 : policy.crash_loop_threshold;
  if (threshold > 0 && snapshot.failed_new_tasks >= threshold) {
    return failed(failed_tasks_reason(snapshot, target));
  }

  // From here on `ours` is the PRIMARY deployment.
  if (ours->task_definition != target.task_definition) {
    return failed("PRIMARY deployment runs " + short_td(ours->task_definition) + ", not " +
                  short_td(target.task_definition));
  }
  if (!unknown.empty()) {
    return waiting_for_known_state(unknown);  // never a success from what is not understood
  }
  if (ours->status != "PRIMARY") {
    return in_progress("deployment " + ours->id + " is " + ours->status + ", not PRIMARY");
  }
  const bool done = counts_done(svc, *ours);
  if (snapshot.service_deployment) {
    const auto& sd = *snapshot.service_deployment;
    if (sd.status == "SUCCESSFUL") {
      return done ? succeeded_unless_tasks_failed(snapshot, target)
                  : in_progress("service deployment SUCCESSFUL; waiting for counts");
    }
    return in_progress("service deployment " + sd.status);
  }
  if (!target.service_deployment_arn.empty()) {
    return in_progress("service deployment not fetched yet");
  }
  // Without service deployments: the PRIMARY rollout state, when the API reports one.
  if (ours->rollout_state == "COMPLETED" || ours->rollout_state.empty()) {
    return done ? succeeded_unless_tasks_failed(snapshot, target)
                : in_progress("waiting for running == desired and one deployment");
  }
  return in_progress("rollout " + ours->rollout_state);
}

bool service_settled(const services::Service& service, const std::string& task_definition) {
  const services::Deployment* primary = find_primary(service);
  if (service.deployments.size() > 1 || service.running != service.desired ||
      service.pending != 0 || !unknown_state(service).empty()) {
    return false;
  }
  if (primary) {
    if (!task_definition.empty() && primary->task_definition != task_definition) {
      return false;
    }
    if (primary->rollout_state == "IN_PROGRESS" || primary->rollout_state == "FAILED") {
      return false;
    }
  } else if (!task_definition.empty() && service.task_definition != task_definition) {
    return false;
  }
  return true;
}

}  // namespace engine
