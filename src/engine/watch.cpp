#include "engine/watch.h"

#include <algorithm>
#include <functional>
#include <map>

#include "engine/evidence.h"
#include "engine/poll_interval.h"

namespace engine {

namespace {

constexpr int k_max_consecutive_transient_errors = 10;

bool transient(const util::Error& e) {
  return e.kind == util::ErrorKind::Throttling || e.kind == util::ErrorKind::ServerError ||
         e.kind == util::ErrorKind::Network || e.kind == util::ErrorKind::Timeout;
}

bool same_rows(const std::vector<DeploymentRow>& a, const std::vector<DeploymentRow>& b) {
  return std::equal(
      a.begin(), a.end(), b.begin(), b.end(), [](const DeploymentRow& x, const DeploymentRow& y) {
        return x.id == y.id && x.status == y.status && x.desired == y.desired &&
               x.pending == y.pending && x.running == y.running && x.failed == y.failed &&
               x.rollout_state == y.rollout_state && x.task_definition == y.task_definition;
      });
}

// One judgement per poll: a verdict plus whether the end looks near.
struct Judgement {
  RolloutVerdict verdict;
  bool near_end = false;
  bool converging = false;  // see PollSignals::converging
  std::string service_deployment_status;
};

// `stop_event`: a service event first seen in this poll mentions a stopped task.
using Judge = std::function<util::Result<Judgement>(const services::Service&, bool stop_event)>;

bool mentions_stopped_task(const std::string& message) {
  return message.find("stopped") != std::string::npos ||
         message.find("failed to start") != std::string::npos;
}

// The shared loop: fetch the service, emit changes, judge, sleep.
WatchResult poll_loop(const Clients& clients, util::Clock& clock, Reporter& reporter,
                      const std::string& cluster, const std::string& service,
                      std::set<std::string> seen_events, std::chrono::milliseconds timeout,
                      const Judge& judge) {
  WatchResult result;
  const auto deadline = clock.steady_now() + timeout;
  util::Duration interval{0};
  std::vector<DeploymentRow> last_rows;
  std::string last_sd_status;
  bool first = true;
  int transient_errors = 0;
  const auto started = clock.steady_now();
  auto last_change = started;
  int polls = 0;
  while (true) {
    PollSignals signals;
    ++polls;
    auto described = clients.ecs.describe_services(cluster, {service});
    if (!described && described.error().kind == util::ErrorKind::Cancelled) {
      // Ctrl-C landed during the call rather than in a sleep: the same interruption.
      result.outcome = Outcome::Interrupted;
      break;
    }
    if (!described) {
      if (!transient(described.error()) ||
          ++transient_errors >= k_max_consecutive_transient_errors) {
        result.outcome = Outcome::Error;
        result.error = described.error();
        break;
      }
      signals.throttled = true;
    } else if (described->services.empty()) {
      result.outcome = Outcome::RolloutFailed;
      result.verdict = {VerdictKind::Failed, "service '" + service + "' no longer exists"};
      break;
    } else {
      transient_errors = 0;
      result.last = described->services.front();
      const services::Service& svc = result.last;
      // Events arrive newest first; emit unseen ones oldest first.
      bool stop_event = false;
      for (auto it = svc.events.rbegin(); it != svc.events.rend(); ++it) {
        if (seen_events.insert(it->id).second) {
          stop_event = stop_event || mentions_stopped_task(it->message);
          reporter.on(ServiceEventSeen{it->created_at, it->message});
        }
      }
      auto judged = judge(svc, stop_event);
      if (!judged && judged.error().kind == util::ErrorKind::Cancelled) {
        result.outcome = Outcome::Interrupted;
        break;
      }
      if (!judged) {
        if (!transient(judged.error()) ||
            ++transient_errors >= k_max_consecutive_transient_errors) {
          result.outcome = Outcome::Error;
          result.error = judged.error();
          break;
        }
        signals.throttled = true;
      } else {
        auto rows = deployment_rows(svc);
        signals.changed = !first && (!same_rows(rows, last_rows) ||
                                     judged->service_deployment_status != last_sd_status);
        if (first || signals.changed) {
          RolloutProgress progress;
          progress.at = clock.now();
          progress.deployments = rows;
          progress.service_deployment_status = judged->service_deployment_status;
          progress.desired = svc.desired;
          progress.running = svc.running;
          progress.pending = svc.pending;
          reporter.on(progress);
        }
        last_rows = std::move(rows);
        last_sd_status = judged->service_deployment_status;
        result.service_deployment_status = last_sd_status;
        first = false;
        signals.near_end = judged->near_end;
        signals.converging = judged->converging;
        if (signals.changed) {
          last_change = clock.steady_now();
        }
        result.verdict = judged->verdict;
        if (judged->verdict.kind == VerdictKind::Succeeded) {
          result.outcome = Outcome::Succeeded;
          break;
        }
        if (judged->verdict.kind == VerdictKind::Failed) {
          result.outcome = Outcome::RolloutFailed;
          break;
        }
      }
    }
    if (util::interrupt_requested()) {
      result.outcome = Outcome::Interrupted;
      break;
    }
    auto now = clock.steady_now();
    if (now >= deadline) {
      result.outcome = Outcome::TimedOut;
      break;
    }
    signals.quiet_for = std::chrono::duration_cast<util::Duration>(now - last_change);
    signals.polls = polls;
    signals.elapsed = std::chrono::duration_cast<util::Duration>(now - started);
    interval = next_poll_interval(interval, signals);
    auto left = std::chrono::duration_cast<util::Duration>(deadline - now);
    if (!clock.sleep_for(std::min(interval, left))) {
      result.outcome = Outcome::Interrupted;
      break;
    }
  }
  result.seen_event_ids = std::move(seen_events);
  return result;
}

}  // namespace

bool converging(const services::Service& service, const services::Deployment& ours) {
  if (ours.pending > 0 || ours.running < ours.desired || ours.rollout_state == "IN_PROGRESS") {
    return true;
  }
  for (const auto& d : service.deployments) {
    if (d.id != ours.id && d.running > 0) {
      return true;  // old tasks still draining
    }
  }
  return false;
}

std::vector<DeploymentRow> deployment_rows(const services::Service& service) {
  std::vector<DeploymentRow> rows;
  for (const auto& d : service.deployments) {
    rows.push_back({d.id, d.status, d.task_definition, d.desired, d.pending, d.running,
                    d.failed_tasks, d.rollout_state, d.rollout_state_reason});
  }
  return rows;
}

WatchResult watch_rollout(const Clients& clients, util::Clock& clock, Reporter& reporter,
                          const WatchRequest& request, const WatchOptions& options) {
  RolloutTarget target = request.target;
  StoppedTaskTracker tracker(clients, reporter, request.cluster, request.service,
                             request.containers, request.container, options.log_lines);
  RolloutPolicy policy{options.crash_loop_threshold};
  int last_polled = -1;  // tracker.polls() before the last judgement looked at our tasks
  Judge judge = [&](const services::Service& svc, bool stop_event) -> util::Result<Judgement> {
    Judgement j;
    if (target.deployment_id.empty()) {
      if (const auto* ours = find_our_deployment(svc, target)) {
        target.deployment_id = ours->id;
      }
    }
    if (target.service_deployment_arn.empty() && !request.previous_service_deployment.empty() &&
        !svc.current_service_deployment.empty() &&
        svc.current_service_deployment != request.previous_service_deployment) {
      target.service_deployment_arn = svc.current_service_deployment;
    }
    RolloutSnapshot snapshot{svc, std::nullopt, 0};
    const services::Deployment* ours = find_our_deployment(svc, target);
    if (ours) {
      last_polled = tracker.polls();
      auto failed = tracker.poll_if_changed(target.deployment_id, target.task_definition,
                                            task_counts(*ours), stop_event);
      if (!failed) {
        return failed.take_error();
      }
      snapshot.failed_new_tasks = *failed;
    }
    bool counts_done = ours && svc.deployments.size() == 1 && svc.running == svc.desired &&
                       ours->running == ours->desired;
    j.near_end = ours && ours->running >= ours->desired;
    j.converging = ours && converging(svc, *ours);
    // The service deployment is read only when the service itself looks finished or failed,
    // so a rollout costs one DescribeServices per poll most of the time.
    bool looks_terminal = counts_done || !ours || (ours && ours->rollout_state == "FAILED") ||
                          (ours && ours->rollout_state == "COMPLETED");
    if (!target.service_deployment_arn.empty() && looks_terminal) {
      auto sds = clients.ecs.describe_service_deployments({target.service_deployment_arn});
      if (!sds) {
        return sds.take_error();
      }
      if (!sds->deployments.empty()) {
        snapshot.service_deployment = sds->deployments.front();
        j.service_deployment_status = snapshot.service_deployment->status;
      }
    }
    j.verdict = assess_rollout(snapshot, target, policy);
    return j;
  };
  WatchResult r = poll_loop(clients, clock, reporter, request.cluster, request.service,
                            request.known_event_ids, options.timeout, judge);
  r.service_deployment_arn = target.service_deployment_arn;
  if (r.outcome == Outcome::RolloutFailed && last_polled >= 0 && last_polled == tracker.polls()) {
    // Stopped tasks are listed only when counts move; a failure verdict gets one last look so
    // the evidence is complete.
    auto last = tracker.poll(target.deployment_id, target.task_definition);
    if (!last) {
      reporter.on(Message{Severity::Warning,
                          "could not list the stopped tasks: " + last.error().describe()});
    }
  }
  return r;
}

WatchResult wait_until_settled(const Clients& clients, util::Clock& clock, Reporter& reporter,
                               const std::string& cluster, const std::string& service,
                               const std::string& task_definition,
                               std::set<std::string> known_event_ids,
                               std::chrono::milliseconds timeout) {
  Judge judge = [&](const services::Service& svc, bool) -> util::Result<Judgement> {
    Judgement j;
    j.converging = svc.pending > 0 || svc.running != svc.desired || svc.deployments.size() > 1;
    if (svc.status != "ACTIVE") {
      j.verdict = {VerdictKind::Failed, "service is " + svc.status};
    } else if (service_settled(svc, task_definition)) {
      j.verdict = {VerdictKind::Succeeded, ""};
    } else {
      j.near_end = svc.running == svc.desired;
    }
    return j;
  };
  return poll_loop(clients, clock, reporter, cluster, service, std::move(known_event_ids), timeout,
                   judge);
}

}  // namespace engine
