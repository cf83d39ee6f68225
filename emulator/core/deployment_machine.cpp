#include "core/deployment_machine.h"

#include <algorithm>

#include "core/api_error.h"
#include "core/cloudwatch_alarms.h"
#include "core/deployments.h"
#include "core/strategy.h"
#include "core/task_lifecycle.h"

namespace emulator {
namespace {

constexpr double k_stage_timeout = 24 * 3600;  // a stage that takes longer fails the deployment

bool forward(const ServiceDeployment& sd) {
  return sd.status == "IN_PROGRESS" || sd.status == "PENDING";
}

bool hook_waiting(const HookRun& h) {
  return h.status == "IN_PROGRESS" || h.status == "AWAITING_ACTION";
}

double hook_timeout_seconds(const Json& hook) {
  const Json& t = hook.contains("timeoutConfiguration") ? hook["timeoutConfiguration"] : Json();
  return (t.is_object() ? t.value("timeoutInMinutes", 1440.0) : 1440.0) * 60;
}

std::string hook_timeout_action(const Json& hook) {
  const Json& t = hook.contains("timeoutConfiguration") ? hook["timeoutConfiguration"] : Json();
  return t.is_object() ? t.value("action", std::string("ROLLBACK")) : std::string("ROLLBACK");
}

void start_hooks(State& st, ServiceDeployment& sd, const std::string& hook_stage, int step,
                 bool lambdas_only, double now) {
  for (const Json& hook : hooks_at(sd.deployment_configuration, hook_stage)) {
    HookRun h;
    h.hook_id = st.ids().uuid();
    h.target_type = hook.value("targetType", "AWS_LAMBDA");
    if (lambdas_only && h.target_type != "AWS_LAMBDA") {
      continue;
    }
    h.target_arn = h.target_type == "AWS_LAMBDA" ? hook.value("hookTargetArn", "") : "";
    h.stage = hook_stage;
    h.status = h.target_type == "PAUSE" ? "AWAITING_ACTION" : "IN_PROGRESS";
    h.expires_at = now + hook_timeout_seconds(hook);
    h.timeout_action = hook_timeout_action(hook);
    h.next_invoke_at = now;
    h.step = step;
    h.hook_details = hook.contains("hookDetails") ? hook["hookDetails"] : Json();
    sd.hooks.push_back(std::move(h));
  }
}

// The function's next scripted answer (the last one repeats; no script: SUCCEEDED).
LambdaReply invoke_lambda(State& st, const std::string& function_arn) {
  auto it = st.lambda_scripts.find(function_arn);
  std::size_t n = st.lambda_calls[function_arn]++;
  if (it == st.lambda_scripts.end() || it->second.empty()) {
    return LambdaReply{"SUCCEEDED", 30, "", Json()};
  }
  return it->second[std::min(n, it->second.size() - 1)];
}

enum class HooksState { Done, Waiting, Failed };

// Runs the hooks of `step` once: invokes Lambdas that are due, times out the expired ones.
HooksState run_hooks(State& st, ServiceDeployment& sd, int step, double now, std::string& failure) {
  HooksState out = HooksState::Done;
  for (HookRun& h : sd.hooks) {
    if (h.step != step) {
      continue;
    }
    if (hook_waiting(h) && now >= h.expires_at) {
      h.status = "TIMED_OUT";
      sd.updated_at = now;
      if (h.timeout_action == "ROLLBACK") {
        h.failure = h.target_type == "PAUSE"
                        ? "lifecycle hook " + h.hook_id + " timed out awaiting action"
                        : "hook execution timed out: " + h.target_arn;
      }
    }
    if (h.status == "IN_PROGRESS" && h.target_type == "AWS_LAMBDA" && now >= h.next_invoke_at) {
      LambdaReply r = invoke_lambda(st, h.target_arn);
      ++h.invocations;
      sd.updated_at = now;
      if (!r.hook_details.is_null()) {
        h.hook_details = r.hook_details;
      }
      if (!r.error.empty()) {
        h.status = "FAILED";
        h.failure = "hook execution failure(s) detected: " + h.target_arn + ": " + r.error;
      } else if (r.hook_status == "SUCCEEDED") {
        h.status = "SUCCEEDED";
      } else if (r.hook_status == "IN_PROGRESS") {
        h.next_invoke_at = now + std::max(1.0, r.callback_delay);
      } else {
        h.status = "FAILED";
        h.failure = r.hook_status == "FAILED"
                        ? "hook execution failure(s) detected: " + h.target_arn
                        : "hook execution failure(s) detected: " + h.target_arn +
                              " returned no valid hookStatus";
      }
    }
    if (!h.failure.empty() && (h.status == "FAILED" || h.status == "TIMED_OUT")) {
      failure = h.failure;
      out = HooksState::Failed;
    } else if (hook_waiting(h) && out != HooksState::Failed) {
      out = HooksState::Waiting;
    }
  }
  return out;
}

int healthy_tasks_of(State& st, const Service& svc, const std::string& deployment_id, double now) {
  int n = 0;
  for (const Task* t : st.live_tasks(svc.arn)) {
    if (t->started_by == deployment_id && counts_as_healthy(*t, now)) {
      ++n;
    }
  }
  return n;
}

void enter_step(State& st, Service& svc, ServiceDeployment& sd, const std::vector<Step>& plan,
                int index, double now) {
  const Step& s = plan[static_cast<std::size_t>(index)];
  sd.step = index;
  sd.step_entered_at = now;
  sd.lifecycle_stage = s.stage;
  sd.updated_at = now;
  if (s.kind == StepKind::TestShift) {
    sd.test_weight = 100;
  } else if (s.kind == StepKind::ProductionShift) {
    sd.production_weight = s.production_weight;
    if (s.production_weight >= 100) {
      // Production is on the target: the test listener rule follows it.
      sd.test_weight = 100;
    }
  } else if (s.kind == StepKind::CleanUp) {
    svc.steady_reported = false;
  }
  start_hooks(st, sd, s.hook_stage, index, false, now);
}

bool step_done(State& st, const Service& svc, const ServiceDeployment& sd, const Step& s,
               double now) {
  double elapsed = now - sd.step_entered_at;
  switch (s.kind) {
    case StepKind::Hooks:
      return elapsed >= st.timings.hook_stage;
    case StepKind::ScaleUp:
      return healthy_tasks_of(st, svc, sd.deployment_id, now) >= svc.desired_count;
    case StepKind::TestShift:
      return elapsed >= st.timings.traffic_shift;
    case StepKind::ProductionShift:
      return elapsed >= st.timings.traffic_shift + s.hold_seconds;
    case StepKind::Bake:
      return elapsed >= s.hold_seconds;
    case StepKind::CleanUp:
      return svc.deployments.size() == 1;
  }
  return false;
}

// Production and test listeners forward to the other target group from now on.
void swap_target_groups(Service& svc) {
  for (auto& lb : svc.load_balancers) {
    if (!lb.is_object() || !lb.contains("advancedConfiguration") ||
        !lb["advancedConfiguration"].is_object()) {
      continue;
    }
    Json& adv = lb["advancedConfiguration"];
    if (!lb.contains("targetGroupArn") || !adv.contains("alternateTargetGroupArn")) {
      continue;
    }
    std::swap(lb["targetGroupArn"], adv["alternateTargetGroupArn"]);
  }
}

void succeed(State& st, Service& svc, ServiceDeployment& sd, double now) {
  Deployment* p = find_deployment(svc, sd.deployment_id);
  if (p != nullptr) {
    p->rollout_state = "COMPLETED";
    p->rollout_state_reason = "ECS deployment " + p->id + " completed.";
    p->updated_at = now;
    svc.stable_task_definition = p->task_definition;
    svc.stable_revision_arn = p->service_revision_arn;
    st.add_event(svc,
                 "(service " + svc.name + ") (deployment " + p->id + ") deployment completed.");
  }
  if (!sd.source_deployment_id.empty()) {
    swap_target_groups(svc);
  }
  finish_service_deployment(sd, "SUCCESSFUL", "Service deployment completed successfully.", now);
}

}  // namespace

ScalePolicy scale_policy(const ServiceDeployment* sd) {
  if (sd == nullptr || !traffic_shifting(sd->strategy) || !forward(*sd)) {
    return {};
  }
  // Blue keeps its full size until CLEAN_UP; green scales to 100 % beside it.
  bool cleaning = sd->lifecycle_stage == "CLEAN_UP";
  return {cleaning, false};
}

bool machine_holds_completion(const ServiceDeployment& sd) {
  if (!traffic_shifting(sd.strategy)) {
    return false;
  }
  if (forward(sd)) {
    return true;
  }
  return std::any_of(sd.hooks.begin(), sd.hooks.end(),
                     [](const HookRun& h) { return h.step < 0 && hook_waiting(h); });
}

double machine_wake_at(const State& st, const ServiceDeployment& sd) {
  if (!traffic_shifting(sd.strategy) || sd.status != "IN_PROGRESS" || sd.step < 0) {
    return 0;
  }
  std::vector<Step> plan = plan_steps(sd.deployment_configuration, sd.reconcile_stage);
  const Step& s = plan[static_cast<std::size_t>(sd.step)];
  double at = sd.step_entered_at + k_stage_timeout;
  switch (s.kind) {
    case StepKind::Hooks:
      at = std::min(at, sd.step_entered_at + st.timings.hook_stage);
      break;
    case StepKind::TestShift:
      at = std::min(at, sd.step_entered_at + st.timings.traffic_shift);
      break;
    case StepKind::ProductionShift:
      at = std::min(at, sd.step_entered_at + st.timings.traffic_shift + s.hold_seconds);
      break;
    case StepKind::Bake:
      at = sd.step_entered_at + s.hold_seconds;
      break;
    case StepKind::ScaleUp:
    case StepKind::CleanUp:
      return 0;
  }
  for (const HookRun& h : sd.hooks) {
    if (h.step == sd.step && hook_waiting(h)) {
      at = std::min(at, h.expires_at);
      if (h.status == "IN_PROGRESS") {
        at = std::min(at, h.next_invoke_at);
      }
    }
  }
  return at;
}

bool breaker_applies(const ServiceDeployment& sd) {
  return !traffic_shifting(sd.strategy) || sd.production_weight == 0;
}

void begin_service_deployment(State& st, const Service& svc, ServiceDeployment& sd,
                              const std::string& source_deployment_id) {
  sd.strategy = strategy_of(sd.deployment_configuration);
  sd.source_deployment_id = source_deployment_id;
  sd.reconcile_stage = sd.source_revision_arns.size() > 1;
  const Json& cfg = sd.deployment_configuration;
  if (cfg.contains("alarms") && cfg["alarms"].is_object() && cfg["alarms"].value("enable", false)) {
    sd.alarms_status = "MONITORING";
    for (const auto& n : cfg["alarms"]["alarmNames"]) {
      std::string name = n.get<std::string>();
      sd.alarm_names.push_back(name);
      // ECS ignores an alarm that is already firing when the deployment starts.
      if (alarm_state(st, svc.account, name) == "ALARM") {
        sd.alarms_ignored.push_back(name);
      }
    }
  }
}

void finish_service_deployment(ServiceDeployment& sd, const std::string& status,
                               const std::string& reason, double now) {
  sd.status = status;
  sd.status_reason = reason;
  sd.finished_at = now;
  sd.updated_at = now;
  sd.lifecycle_stage = "CLEAN_UP";
  if (sd.circuit_breaker_status == "MONITORING") {
    sd.circuit_breaker_status = "MONITORING_COMPLETE";
  }
  if (sd.alarms_status == "MONITORING") {
    sd.alarms_status = "MONITORING_COMPLETE";
  }
  for (HookRun& h : sd.hooks) {
    if (hook_waiting(h)) {
      h.status = "FAILED";  // the deployment ended under it
    }
  }
}

bool roll_back(State& st, Service& svc, ServiceDeployment& sd, const std::string& reason,
               double now) {
  for (HookRun& h : sd.hooks) {
    if (hook_waiting(h)) {
      h.status = "FAILED";
    }
  }
  Deployment* blue = traffic_shifting(sd.strategy) && !sd.source_deployment_id.empty()
                         ? find_deployment(svc, sd.source_deployment_id)
                         : nullptr;
  if (blue == nullptr) {
    return start_rollback(st, svc, sd, reason, now);
  }
  std::string blue_id = blue->id;
  for (auto& d : svc.deployments) {
    if (d.id == sd.deployment_id && d.rollout_state == "IN_PROGRESS") {
      d.rollout_state = "FAILED";
      d.rollout_state_reason = "ECS deployment " + d.id + " failed: " + reason + ".";
    }
    d.status = "ACTIVE";
    d.updated_at = now;
  }
  auto it = std::find_if(svc.deployments.begin(), svc.deployments.end(),
                         [&](const Deployment& d) { return d.id == blue_id; });
  Deployment source = std::move(*it);
  svc.deployments.erase(it);
  source.status = "PRIMARY";
  source.is_rollback = true;
  source.rollout_state = "IN_PROGRESS";
  source.rollout_state_reason.clear();
  source.service_deployment_arn = sd.arn;
  source.failed_tasks = 0;
  source.updated_at = now;
  svc.task_definition = source.task_definition;
  svc.steady_reported = false;
  svc.touch();
  sd.status = "ROLLBACK_IN_PROGRESS";
  sd.has_rollback = true;
  sd.rollback_reason = reason;
  sd.rollback_started_at = now;
  sd.rollback_revision_arn = source.service_revision_arn;
  sd.deployment_id = source.id;
  sd.updated_at = now;
  // Traffic goes straight back to the source; ECS calls the traffic-shift Lambda hooks again
  // for the stages the deployment had reached.
  bool test_shifted = sd.test_weight > 0;
  bool production_shifted = sd.production_weight > 0;
  sd.test_weight = 0;
  sd.production_weight = 0;
  if (!sd.rollback_hooks_started) {
    sd.rollback_hooks_started = true;
    if (test_shifted) {
      start_hooks(st, sd, "TEST_TRAFFIC_SHIFT", -1, true, now);
    }
    if (production_shifted) {
      start_hooks(st, sd, "PRODUCTION_TRAFFIC_SHIFT", -1, true, now);
    }
  }
  for (const HookRun& h : sd.hooks) {
    if (h.step < 0) {
      sd.lifecycle_stage = h.stage;
      break;
    }
  }
  st.add_event(svc, "(service " + svc.name + ") rolling back to deployment " + source.id + ".");
  svc.deployments.insert(svc.deployments.begin(), std::move(source));
  return true;
}

void advance_service_deployment(State& st, Service& svc, ServiceDeployment& sd, double now) {
  if (!forward(sd) && sd.status != "ROLLBACK_IN_PROGRESS") {
    return;
  }
  if (sd.status == "IN_PROGRESS" && sd.alarms_status == "MONITORING") {
    std::vector<std::string> firing = newly_firing_alarms(st, svc.account, sd);
    if (!firing.empty()) {
      sd.alarms_status = "TRIGGERED";
      sd.triggered_alarms = firing;
      sd.updated_at = now;
      std::string names;
      for (const auto& n : firing) {
        names += (names.empty() ? "" : ", ") + n;
      }
      Deployment* p = find_deployment(svc, sd.deployment_id);
      std::string id = p != nullptr ? p->id : sd.deployment_id;
      if (p != nullptr) {
        p->rollout_state = "FAILED";
        p->rollout_state_reason =
            "ECS deployment " + id + " failed: alarm(s) " + names + " in ALARM state.";
        p->updated_at = now;
      }
      st.add_event(svc, "(service " + svc.name + ") (deployment " + id +
                            ") deployment failed: alarm detected.");
      const Json& alarms = sd.deployment_configuration["alarms"];
      if (alarms.value("rollback", false)) {
        if (!roll_back(st, svc, sd, "CloudWatch alarm(s) " + names + " in ALARM state", now)) {
          finish_service_deployment(sd, "ROLLBACK_FAILED",
                                    "No stable service revision to roll back to.", now);
        }
      } else {
        finish_service_deployment(sd, "STOPPED",
                                  "CloudWatch alarm(s) " + names + " in ALARM state.", now);
        sd.stopped_at = now;
      }
      return;
    }
  }
  if (!traffic_shifting(sd.strategy)) {
    return;
  }
  if (sd.status == "ROLLBACK_IN_PROGRESS") {
    std::string ignored;
    run_hooks(st, sd, -1, now, ignored);  // a failing rollback hook cannot stop the rollback
    for (const HookRun& h : sd.hooks) {
      if (h.step < 0 && hook_waiting(h)) {
        sd.lifecycle_stage = h.stage;
        break;
      }
    }
    return;
  }
  std::vector<Step> plan = plan_steps(sd.deployment_configuration, sd.reconcile_stage);
  if (sd.step < 0) {
    enter_step(st, svc, sd, plan, 0, now);
  }
  for (std::size_t guard = 0; guard <= plan.size(); ++guard) {
    const Step& s = plan[static_cast<std::size_t>(sd.step)];
    std::string failure;
    HooksState hooks = run_hooks(st, sd, sd.step, now, failure);
    if (hooks == HooksState::Failed) {
      if (!roll_back(st, svc, sd, failure, now)) {
        finish_service_deployment(sd, "ROLLBACK_FAILED", failure + "; no revision to roll back to.",
                                  now);
      }
      return;
    }
    if (now - sd.step_entered_at > k_stage_timeout && s.kind != StepKind::Bake) {
      std::string reason = "stage " + s.stage + " timed out";
      if (!roll_back(st, svc, sd, reason, now)) {
        finish_service_deployment(sd, "ROLLBACK_FAILED", reason + "; no revision to roll back to.",
                                  now);
      }
      return;
    }
    if (hooks == HooksState::Waiting || !step_done(st, svc, sd, s, now)) {
      return;
    }
    if (static_cast<std::size_t>(sd.step) + 1 == plan.size()) {
      succeed(st, svc, sd, now);
      return;
    }
    enter_step(st, svc, sd, plan, sd.step + 1, now);
  }
}

void continue_service_deployment(State& st, ServiceDeployment& sd, const std::string& hook_id,
                                 const std::string& action, double now) {
  if (action != "CONTINUE" && action != "ROLLBACK") {
    throw invalid_parameter("action must be CONTINUE or ROLLBACK.");
  }
  if (sd.status != "IN_PROGRESS") {
    throw client_exception("The service deployment is in status " + sd.status +
                           " and can't be continued.");
  }
  auto it = std::find_if(sd.hooks.begin(), sd.hooks.end(),
                         [&](const HookRun& h) { return h.hook_id == hook_id; });
  if (it == sd.hooks.end() || it->target_type != "PAUSE") {
    throw invalid_parameter("The hookId " + hook_id +
                            " does not identify a pause lifecycle hook of this service "
                            "deployment.");
  }
  if (it->status != "AWAITING_ACTION") {
    throw invalid_parameter("The lifecycle hook " + hook_id + " is not awaiting action (status " +
                            it->status + ").");
  }
  sd.updated_at = now;
  if (action == "CONTINUE") {
    it->status = "SUCCEEDED";
  } else {
    it->status = "FAILED";
    it->failure = "rollback requested by ContinueServiceDeployment for lifecycle hook " + hook_id;
  }
  if (Service* svc = st.find_service(sd.service_arn)) {
    svc->touch();
  }
}

}  // namespace emulator
