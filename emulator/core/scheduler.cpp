#include "core/scheduler.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/cloudwatch_alarms.h"
#include "core/deployment_machine.h"
#include "core/deployments.h"
#include "core/state.h"
#include "core/strategy.h"
#include "core/task_lifecycle.h"

namespace emulator {
namespace {

struct DeploymentChanges {
  int failed = 0;
  int became_healthy = 0;
};

int percent_floor(int desired, long long pct) {
  return static_cast<int>((static_cast<long long>(desired) * pct) / 100);
}
int percent_ceil(int desired, long long pct) {
  return static_cast<int>((static_cast<long long>(desired) * pct + 99) / 100);
}

std::string task_label(const Task& t) {
  return "(task " + t.id + ")";
}

void trip_breaker(State& st, Service& svc, Deployment& primary, double now) {
  primary.rollout_state = "FAILED";
  primary.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.";
  primary.updated_at = now;
  st.add_event(svc, "(service " + svc.name + ") (deployment " + primary.id +
                        ") deployment failed: tasks failed to start.");
  auto it = st.service_deployments.find(primary.service_deployment_arn);
  if (it == st.service_deployments.end()) {
    return;
  }
  ServiceDeployment& sd = it->second;
  sd.circuit_breaker_status = "TRIGGERED";
  sd.updated_at = now;
  if (primary.is_rollback) {
    finish_service_deployment(sd, "ROLLBACK_FAILED",
                              "ECS deployment circuit breaker: the rollback failed to start tasks.",
                              now);
    return;
  }
  if (circuit_breaker_rollback(svc.deployment_configuration)) {
    if (roll_back(st, svc, sd, "Circuit Breaker was triggered", now)) {
      return;
    }
    finish_service_deployment(
        sd, "ROLLBACK_FAILED",
        "Circuit breaker triggered: no stable service revision to roll back to.", now);
    return;
  }
  finish_service_deployment(sd, "STOPPED", "ECS deployment circuit breaker: tasks failed to start.",
                            now);
  sd.stopped_at = now;
}

// StopServiceDeployment requests are carried out on the next step.
void handle_stop_request(State& st, Service& svc, double now) {
  auto it = st.service_deployments.find(svc.current_service_deployment);
  if (it == st.service_deployments.end() || it->second.stop_request.empty()) {
    return;
  }
  ServiceDeployment& sd = it->second;
  std::string request = sd.stop_request;
  sd.stop_request.clear();
  Deployment* dep = find_deployment(svc, sd.deployment_id);
  if (dep != nullptr && dep->rollout_state == "IN_PROGRESS") {
    dep->rollout_state = "FAILED";
    dep->rollout_state_reason = "ECS deployment stopped by StopServiceDeployment.";
    dep->updated_at = now;
  }
  if (sd.circuit_breaker_status == "MONITORING") {
    sd.circuit_breaker_status = "MONITORING_COMPLETE";
  }
  if (request == "ROLLBACK") {
    if (!roll_back(st, svc, sd, "Rollback requested by StopServiceDeployment", now)) {
      finish_service_deployment(sd, "ROLLBACK_FAILED",
                                "No stable service revision to roll back to.", now);
    }
    return;
  }
  finish_service_deployment(sd, "STOPPED", "Service deployment stopped by the user.", now);
  sd.stopped_at = now;
}

void reconcile(State& st, Service& svc, double now,
               const std::map<std::string, DeploymentChanges>& changes, std::vector<Task*> tasks) {
  if (svc.deployments.empty()) {
    return;
  }
  handle_stop_request(st, svc, now);
  // Failures and successes feed failedTasks and the circuit breaker.
  for (auto& d : svc.deployments) {
    auto it = changes.find(d.id);
    if (it == changes.end()) {
      continue;
    }
    if (it->second.became_healthy > 0) {
      d.failed_tasks = 0;
    }
    if (it->second.failed > 0) {
      d.failed_tasks += it->second.failed;
      d.next_launch_at = now + st.timings.relaunch_backoff;
      d.updated_at = now;
      auto sd = st.service_deployments.find(d.service_deployment_arn);
      if (sd != st.service_deployments.end() && d.rollout_state == "IN_PROGRESS") {
        sd->second.circuit_breaker_failures += it->second.failed;
      }
    }
  }
  Deployment& primary = svc.deployments.front();
  const ServiceDeployment* primary_sd = nullptr;
  if (auto it = st.service_deployments.find(primary.service_deployment_arn);
      it != st.service_deployments.end()) {
    primary_sd = &it->second;
  }
  if (primary.rollout_state == "IN_PROGRESS" &&
      circuit_breaker_enabled(svc.deployment_configuration) &&
      (primary_sd == nullptr || breaker_applies(*primary_sd))) {
    int threshold = circuit_breaker_threshold(svc.deployment_configuration, svc.desired_count);
    if (primary.failed_tasks >= threshold) {
      trip_breaker(st, svc, primary, now);
    }
  }
  // The service deployment's machine decides its stage (and may roll back or finish).
  if (auto it = st.service_deployments.find(svc.deployments.front().service_deployment_arn);
      it != st.service_deployments.end()) {
    ServiceDeployment& current = it->second;
    if (current.status == "PENDING") {
      current.status = "IN_PROGRESS";
      current.started_at = now;
      current.updated_at = now;
      if (!traffic_shifting(current.strategy)) {
        current.lifecycle_stage = "SCALE_UP";
      }
    }
    advance_service_deployment(st, svc, current, now);
  }
  Deployment& p = svc.deployments.front();  // a rollback may have replaced the primary
  auto sd_it = st.service_deployments.find(p.service_deployment_arn);
  ServiceDeployment* sd = sd_it == st.service_deployments.end() ? nullptr : &sd_it->second;
  const ScalePolicy policy = scale_policy(sd);

  const int desired = svc.status == "ACTIVE" ? svc.desired_count : 0;
  p.desired_count = desired;
  const Json& cfg = svc.deployment_configuration;
  const int lower = percent_ceil(desired, cfg.value("minimumHealthyPercent", 100));
  const int upper = policy.respect_max_percent
                        ? std::max(percent_floor(desired, cfg.value("maximumPercent", 200)), 0)
                        : 2 * desired + static_cast<int>(tasks.size());
  const std::string scaling_reason = "Scaling activity initiated by (deployment " + p.id + ")";

  auto count = [&](auto pred) {
    return static_cast<int>(std::count_if(tasks.begin(), tasks.end(), pred));
  };
  auto is_primary = [&](const Task* t) { return t->started_by == p.id; };
  bool launching = p.rollout_state != "FAILED";

  // Scale-down of the primary beyond desired (not a deployment: ignores the minimum).
  int primary_alive = count([&](const Task* t) { return is_primary(t) && is_alive(*t); });
  for (auto it = tasks.rbegin(); it != tasks.rend() && primary_alive > desired; ++it) {
    Task* t = *it;
    if (is_primary(t) && is_alive(*t) && !counts_as_healthy(*t, now)) {
      stop_task(st, *t, now, "ServiceSchedulerInitiated", scaling_reason);
      --primary_alive;
    }
  }
  for (auto it = tasks.rbegin(); it != tasks.rend() && primary_alive > desired; ++it) {
    Task* t = *it;
    if (is_primary(t) && is_alive(*t)) {
      stop_task(st, *t, now, "ServiceSchedulerInitiated", scaling_reason);
      --primary_alive;
    }
  }

  // Old deployments drain towards zero, keeping at least `lower` healthy tasks overall.
  if (launching && policy.drain_old) {
    for (Task* t : tasks) {
      if (!is_primary(t) && is_alive(*t) && !counts_as_healthy(*t, now)) {
        stop_task(st, *t, now, "ServiceSchedulerInitiated", scaling_reason);
      }
    }
    int healthy = count([&](const Task* t) { return counts_as_healthy(*t, now); });
    int spare = healthy - lower;
    for (Task* t : tasks) {
      if (spare <= 0) {
        break;
      }
      if (!is_primary(t) && counts_as_healthy(*t, now)) {
        stop_task(st, *t, now, "ServiceSchedulerInitiated", scaling_reason);
        --spare;
      }
    }
  }

  // Start new primary tasks within maximumPercent.
  if (launching && now >= p.next_launch_at) {
    int alive_all = count([](const Task* t) { return is_alive(*t); });
    int can_start = std::min(desired - primary_alive, upper - alive_all);
    if (can_start > 0) {
      std::string labels;
      for (int i = 0; i < can_start; ++i) {
        Task& t = launch_task(st, svc, p, now);
        labels += (labels.empty() ? "" : " ") + task_label(t);
        tasks.push_back(&t);
      }
      st.add_event(svc, "(service " + svc.name + ") has started " + std::to_string(can_start) +
                            " tasks: " + labels + ".");
      svc.steady_reported = false;
    }
  }

  // Deployment bookkeeping: old deployments shrink, then go INACTIVE and leave the list.
  for (std::size_t i = 1; i < svc.deployments.size();) {
    Deployment& d = svc.deployments[i];
    int alive = count([&](const Task* t) { return t->started_by == d.id && is_alive(*t); });
    int not_stopped =
        count([&](const Task* t) { return t->started_by == d.id && t->last_status != "STOPPED"; });
    if (d.desired_count != alive) {
      d.desired_count = alive;
      d.updated_at = now;
    }
    // A failed deployment stays listed (ACTIVE, FAILED) while the rollback replacing it runs.
    bool keep_failed = d.rollout_state == "FAILED" && p.rollout_state == "IN_PROGRESS";
    if (not_stopped == 0 && alive == 0 && !keep_failed) {
      svc.deployments.erase(svc.deployments.begin() + static_cast<long>(i));
      continue;
    }
    ++i;
  }

  // Steady state: one deployment, all of it running and healthy.
  int running = count([&](const Task* t) { return t->last_status == "RUNNING"; });
  int primary_healthy =
      count([&](const Task* t) { return is_primary(t) && counts_as_healthy(*t, now); });
  int primary_live = count([&](const Task* t) { return is_primary(t) && is_alive(*t); });
  int others_live = count([&](const Task* t) { return !is_primary(t); });
  bool steady = others_live == 0 && running == desired && primary_live == desired &&
                primary_healthy == desired;
  if (sd != nullptr && sd->status == "IN_PROGRESS" && !traffic_shifting(sd->strategy) &&
      primary_healthy == desired && svc.deployments.size() > 1) {
    sd->lifecycle_stage = "CLEAN_UP";
  }
  if (steady && p.rollout_state == "IN_PROGRESS" &&
      (sd == nullptr || !machine_holds_completion(*sd))) {
    p.rollout_state = "COMPLETED";
    p.rollout_state_reason = "ECS deployment " + p.id + " completed.";
    p.updated_at = now;
    svc.stable_task_definition = p.task_definition;
    svc.stable_revision_arn = p.service_revision_arn;
    st.add_event(svc, "(service " + svc.name + ") (deployment " + p.id + ") deployment completed.");
    if (sd != nullptr) {
      if (sd->status == "ROLLBACK_IN_PROGRESS") {
        finish_service_deployment(*sd, "ROLLBACK_SUCCESSFUL",
                                  "Service deployment rolled back successfully.", now);
      } else if (sd->status == "IN_PROGRESS") {
        finish_service_deployment(*sd, "SUCCESSFUL", "Service deployment completed successfully.",
                                  now);
      }
    }
  }
  // Every task settled (nothing due until it is stopped) and the machine waiting on the clock:
  // the service needs no pass until the machine's next event or a touch.
  bool settled = std::all_of(tasks.begin(), tasks.end(), [](const Task* t) {
    return t->next_at >= 1e299 && t->last_status != "STOPPED";
  });
  svc.wake_at = settled && sd != nullptr ? machine_wake_at(st, *sd) : 0;
  svc.quiet = steady && svc.steady_reported && p.rollout_state != "IN_PROGRESS" &&
              svc.deployments.size() == 1 && (sd == nullptr || sd->stop_request.empty());
  if (steady && !svc.steady_reported) {
    st.add_event(svc, "(service " + svc.name + ") has reached a steady state.");
    svc.steady_reported = true;
  } else if (!steady) {
    svc.steady_reported = false;
  }
}

}  // namespace

void run_scheduler(State& st, double now) {
  std::map<std::string, std::map<std::string, DeploymentChanges>> changes;  // service → dep
  // Only tasks with a step due can change (a steady task waits at next_at = never), so a
  // pass costs the due tasks plus the services that are not quiet, not every stored task.
  for (Task* task : st.due_tasks(now)) {
    long long version = task->version;
    TaskChange c = advance_task(st, *task, now);
    if (task->version != version && !task->service_arn.empty()) {
      if (Service* svc = st.find_service(task->service_arn)) {
        svc->touch();
      }
    }
    if (c == TaskChange::Failed) {
      ++changes[task->service_arn][task->started_by].failed;
    } else if (c == TaskChange::BecameHealthy) {
      ++changes[task->service_arn][task->started_by].became_healthy;
    }
  }
  apply_alarm_scripts(st, now);
  static const std::map<std::string, DeploymentChanges> k_none;
  for (auto& [arn, svc] : st.services) {
    if (svc.status == "INACTIVE") {
      continue;
    }
    auto it = changes.find(arn);
    if ((svc.quiet || now < svc.wake_at) && it == changes.end()) {
      continue;
    }
    std::vector<Task*> live = st.live_tasks(arn);
    std::sort(live.begin(), live.end(),
              [](const Task* a, const Task* b) { return a->arn < b->arn; });
    reconcile(st, svc, now, it == changes.end() ? k_none : it->second, std::move(live));
  }
}

}  // namespace emulator
