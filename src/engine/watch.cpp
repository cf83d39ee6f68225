#include "engine/watch.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "aws/retry.h"
#include "engine/evidence.h"
#include "engine/heartbeat.h"
#include "engine/poll_interval.h"
#include "engine/service_tasks.h"
#include "engine/settle.h"
#include "engine/stage_watch.h"
#include "services/arn.h"
#include "util/deadline.h"

namespace engine {

namespace {

constexpr int k_max_consecutive_transient_errors = 10;
constexpr size_t k_max_services_per_call = 10;  // DescribeServices' limit
// One-second looks at a stage that ends by itself (a bake just due, the clean-up) before the
// usual pace takes over.
constexpr int k_fast_stage_looks = 60;

// BAKE_TIME past its expected end, or CLEAN_UP: stages ECS ends without anyone acting.
bool ends_by_itself(const ServiceDeploymentProgress& p) {
  return p.status == "IN_PROGRESS" && (p.stage == "BAKE_TIME" || p.stage == "CLEAN_UP");
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
  bool progressed = false;  // a staged deployment's stage, traffic, hooks or alarms changed
  // A staged deployment in a bake or a pause: the wait before the next look, which needs
  // only the service deployment (the service's counts do not move by design).
  std::optional<util::Duration> quiet;
};

// `stop_event`: a service event first seen in this poll mentions a stopped task.
using Judge = std::function<util::Result<Judgement>(const services::Service&, bool stop_event)>;

bool mentions_stopped_task(const std::string& message) {
  return message.find("stopped") != std::string::npos ||
         message.find("failed to start") != std::string::npos;
}

// What a judge will fetch beyond the snapshot, asked before it judges so that a fleet watch
// can fetch it for every service at once (FleetPrefetch).
struct PlannedFetches {
  std::string service_deployment_arn;     // "" when not needed
  StoppedTaskTracker* stopped = nullptr;  // its tracker, when it lists stopped tasks
};
using PlanFetches = std::function<PlannedFetches(const services::Service&, bool stop_event)>;

// One watched service: its judge and what was last shown of it.
struct Watched {
  std::string cluster;
  std::string service;  // as requested: a name or an ARN
  Reporter* reporter = nullptr;
  Judge judge;
  PlanFetches plan;  // set in a fleet watch
  std::set<std::string> seen_events;
  std::vector<DeploymentRow> last_rows;
  std::string last_sd_status;
  std::string last_unknown;  // the unknown state last warned about
  bool quiet = false;        // the last judgement was quiet: the next poll skips DescribeServices
  bool first = true;
  bool done = false;
  int transient_errors = 0;
  WatchResult result;
};

// A fetch (or a judge's own call) failed for this service: true when it ends its watch.
bool fail(Watched& w, const util::Error& e) {
  if (e.kind == util::ErrorKind::Cancelled) {
    // Ctrl-C landed during a call rather than in a sleep: the same interruption.
    w.result.outcome = Outcome::Interrupted;
    return w.done = true;
  }
  // Throttling is AWS answering "later", not failing: it backs the polls off (PollSignals::
  // throttled) until the deadline and never ends the watch by itself, so a throttling storm
  // cannot change a verdict. Other transient errors end it after a run of them.
  if (e.kind == util::ErrorKind::Throttling) {
    return false;
  }
  if (!aws::is_retryable(e) || ++w.transient_errors >= k_max_consecutive_transient_errors) {
    w.result.outcome = Outcome::Error;
    w.result.error = e;
    return w.done = true;
  }
  return false;
}

struct LookSignals {
  bool changed = false;
  bool near_end = false;
  bool converging = false;
  bool throttled = false;
  std::optional<util::Duration> quiet;  // every service looked at is quiet: the least wait
  int unfinished = 0;                   // services still watched after the look
  int describe_calls = 0;               // DescribeServices sent (the call budgets)
  // A look at the service deployment alone saw a change that needs the service too: look
  // again at once rather than after an interval.
  bool describe_now = false;
};

// One snapshot of one service: emit what is new, judge, and end its watch on a verdict.
LookSignals look(util::Clock& clock, Watched& w, const services::Service& svc) {
  LookSignals out;
  WatchResult& result = w.result;
  Reporter& reporter = *w.reporter;
  result.last = svc;
  // Events arrive newest first; emit unseen ones oldest first.
  bool stop_event = false;
  for (auto it = svc.events.rbegin(); it != svc.events.rend(); ++it) {
    if (w.seen_events.insert(it->id).second) {
      stop_event = stop_event || mentions_stopped_task(it->message);
      reporter.on(ServiceEventSeen{it->created_at, it->message});
    }
  }
  auto judged = w.judge(svc, stop_event);
  if (!judged) {
    out.throttled = !fail(w, judged.error());
    return out;
  }
  w.transient_errors = 0;
  auto rows = deployment_rows(svc);
  out.changed = !w.first && (!same_rows(rows, w.last_rows) || judged->progressed ||
                             judged->service_deployment_status != w.last_sd_status);
  if (w.first || out.changed) {
    RolloutProgress progress;
    progress.at = clock.now();
    progress.deployments = rows;
    progress.service_deployment_status = judged->service_deployment_status;
    progress.desired = svc.desired;
    progress.running = svc.running;
    progress.pending = svc.pending;
    reporter.on(progress);
  }
  w.last_rows = std::move(rows);
  w.last_sd_status = judged->service_deployment_status;
  result.service_deployment_status = w.last_sd_status;
  w.first = false;
  out.near_end = judged->near_end;
  out.converging = judged->converging;
  out.quiet = judged->quiet;
  w.quiet = judged->quiet.has_value();
  result.verdict = judged->verdict;
  if (judged->verdict.unknown != w.last_unknown && !judged->verdict.unknown.empty()) {
    reporter.on(Message{Severity::Warning, "ECS reports " + judged->verdict.unknown +
                                               ", which ecsdeploy does not know: not taken as "
                                               "success; waiting for a known state"});
  }
  w.last_unknown = judged->verdict.unknown;
  if (judged->verdict.kind == VerdictKind::Succeeded) {
    result.outcome = Outcome::Succeeded;
    w.done = true;
  } else if (judged->verdict.kind == VerdictKind::Failed) {
    result.outcome = Outcome::RolloutFailed;
    w.done = true;
  } else if (judged->verdict.kind == VerdictKind::Paused) {
    result.outcome = Outcome::Paused;
    w.done = true;
  } else if (judged->verdict.kind == VerdictKind::ReachedStage) {
    result.outcome = Outcome::ReachedStage;
    w.done = true;
  }
  return out;
}

// An event of `svc` not shown yet mentions a stopped task (what look() will find).
bool unseen_stop_event(const Watched& w, const services::Service& svc) {
  return std::any_of(svc.events.begin(), svc.events.end(), [&](const services::ServiceEvent& e) {
    return !w.seen_events.count(e.id) && mentions_stopped_task(e.message);
  });
}

constexpr size_t k_max_service_deployments_per_call = 20;  // DescribeServiceDeployments' limit
constexpr size_t k_max_tasks_per_call = 100;               // DescribeTasks' limit

// A fleet watch's per-poll reads: before one cluster's services are judged, the service
// deployments they will ask for, 20 per DescribeServiceDeployments, and the stopped tasks
// their trackers will list, with one DescribeTasks per 100 new tasks across the cluster
// rather than one per service (the service-deployment bucket has a burst of 50, the
// cluster-resource one 100: a call per service made the first look of 100 services wait 5 s).
class FleetPrefetch {
 public:
  explicit FleetPrefetch(const Clients& clients) : m_clients(clients) {}

  // An answer fetched for `arn` in this poll (an error too), or nullptr.
  const util::Result<std::optional<services::ServiceDeployment>>* service_deployment(
      const std::string& arn) const {
    auto it = m_sds.find(arn);
    return it == m_sds.end() ? nullptr : &it->second;
  }

  void before_looks(const std::string& cluster, const std::vector<PlannedFetches>& plans) {
    m_sds.clear();
    m_tasks.clear();
    std::vector<std::string> arns;
    for (const PlannedFetches& p : plans) {
      if (!p.service_deployment_arn.empty()) {
        arns.push_back(p.service_deployment_arn);
      }
    }
    for (size_t from = 0; from < arns.size(); from += k_max_service_deployments_per_call) {
      std::vector<std::string> batch(
          arns.begin() + static_cast<std::ptrdiff_t>(from),
          arns.begin() + static_cast<std::ptrdiff_t>(
                             std::min(arns.size(), from + k_max_service_deployments_per_call)));
      auto answer = m_clients.ecs.describe_service_deployments(batch);
      for (const std::string& arn : batch) {
        std::optional<services::ServiceDeployment> sd;
        if (!answer) {
          m_sds.emplace(arn, answer.error());
          continue;
        }
        for (const auto& d : answer->deployments) {
          if (d.arn == arn) {
            sd = d;
          }
        }
        m_sds.emplace(arn, std::move(sd));
      }
    }
    std::vector<std::pair<StoppedTaskTracker*, util::Result<std::vector<std::string>>>> listings;
    std::vector<std::string> unseen;
    std::set<std::string> asked;
    for (const PlannedFetches& p : plans) {
      if (p.stopped) {
        listings.emplace_back(p.stopped, p.stopped->list_unseen());
        if (listings.back().second) {
          for (const std::string& arn : *listings.back().second) {
            if (asked.insert(arn).second) {
              unseen.push_back(arn);
            }
          }
        }
      }
    }
    for (size_t from = 0; from < unseen.size(); from += k_max_tasks_per_call) {
      std::vector<std::string> batch(
          unseen.begin() + static_cast<std::ptrdiff_t>(from),
          unseen.begin() +
              static_cast<std::ptrdiff_t>(std::min(unseen.size(), from + k_max_tasks_per_call)));
      auto described = m_clients.ecs.describe_tasks(cluster, batch);
      if (!described) {
        // The trackers of these tasks see the failure as their own poll's.
        for (auto& [tracker, listing] : listings) {
          if (listing && std::any_of(listing->begin(), listing->end(), [&](const std::string& a) {
                return std::find(batch.begin(), batch.end(), a) != batch.end();
              })) {
            listing = described.error();
          }
        }
        continue;
      }
      for (auto& t : described->tasks) {
        m_tasks.emplace(t.arn, std::move(t));
      }
    }
    for (auto& [tracker, listing] : listings) {
      tracker->use_listing(std::move(listing), m_tasks);
    }
  }

 private:
  const Clients& m_clients;
  std::map<std::string, util::Result<std::optional<services::ServiceDeployment>>> m_sds;
  std::map<std::string, services::Task> m_tasks;
};

bool same_service(const std::string& requested, const services::Service& svc) {
  return requested == svc.name || requested == svc.arn ||
         services::arn_last_component(requested) == svc.name;
}

// Looks at every unfinished service of one cluster: a quiet one (a bake or a pause) at its
// service deployment alone, the rest fetched at most k_max_services_per_call per
// DescribeServices (the API's limit).
LookSignals poll_cluster(const Clients& clients, util::Clock& clock, std::vector<Watched*>& watched,
                         FleetPrefetch* prefetch) {
  LookSignals all;
  bool first_unfinished = true;  // `quiet` holds only when every unfinished service is quiet
  auto add = [&](Watched& w, const LookSignals& one) {
    all.changed = all.changed || one.changed;
    all.throttled = all.throttled || one.throttled;
    if (w.done) {
      return;
    }
    all.near_end = all.near_end || one.near_end;
    all.converging = all.converging || one.converging;
    if (!one.quiet || (!first_unfinished && !all.quiet)) {
      all.quiet.reset();
    } else {
      all.quiet = first_unfinished ? *one.quiet : std::min(*all.quiet, *one.quiet);
    }
    first_unfinished = false;
    ++all.unfinished;
  };
  std::vector<Watched*> described;
  for (Watched* w : watched) {
    if (!w->quiet) {
      described.push_back(w);
      continue;
    }
    // In a bake or a pause: the service deployment alone tells what changes.
    LookSignals one = look(clock, *w, w->result.last);
    all.describe_now = all.describe_now || (!w->done && !w->quiet);
    add(*w, one);
  }
  // Every batch first, then one prefetch for the cluster's looks, then the looks.
  struct Answer {
    Watched* w;
    std::optional<services::Service> svc;  // neither: the service is gone
    std::optional<util::Error> error;
  };
  std::vector<Answer> answers;
  for (size_t from = 0; from < described.size(); from += k_max_services_per_call) {
    std::vector<Watched*> batch(
        described.begin() + static_cast<std::ptrdiff_t>(from),
        described.begin() + static_cast<std::ptrdiff_t>(
                                std::min(described.size(), from + k_max_services_per_call)));
    std::vector<std::string> names;
    names.reserve(batch.size());
    for (const Watched* w : batch) {
      names.push_back(w->service);
    }
    auto answer = clients.ecs.describe_services(batch.front()->cluster, names);
    ++all.describe_calls;
    for (Watched* w : batch) {
      if (!answer) {
        answers.push_back({w, std::nullopt, answer.error()});
        continue;
      }
      auto it =
          std::find_if(answer->services.begin(), answer->services.end(),
                       [&](const services::Service& svc) { return same_service(w->service, svc); });
      answers.push_back(
          {w, it == answer->services.end() ? std::nullopt : std::optional<services::Service>(*it),
           std::nullopt});
    }
  }
  if (prefetch != nullptr && !answers.empty()) {
    std::vector<PlannedFetches> plans;
    for (const Answer& a : answers) {
      if (a.svc && a.w->plan) {
        plans.push_back(a.w->plan(*a.svc, unseen_stop_event(*a.w, *a.svc)));
      }
    }
    prefetch->before_looks(answers.front().w->cluster, plans);
  }
  for (const Answer& a : answers) {
    Watched& w = *a.w;
    LookSignals one;
    if (a.svc) {
      one = look(clock, w, *a.svc);
    } else if (a.error) {
      one.throttled = !fail(w, *a.error);
    } else {
      w.result.outcome = Outcome::RolloutFailed;
      w.result.verdict = {VerdictKind::Failed, "service '" + w.service + "' no longer exists"};
      w.done = true;
    }
    add(w, one);
  }
  return all;
}

// DescribeServices calls the next poll costs: one per cluster per 10 services that are
// neither finished nor quiet (`every`: finished and quiet ones too, for a full poll).
int describe_calls_needed(const std::vector<Watched>& watched, bool every) {
  std::map<std::string, size_t> per_cluster;
  for (const Watched& w : watched) {
    if (every || (!w.done && !w.quiet)) {
      ++per_cluster[w.cluster];
    }
  }
  int calls = 0;
  for (const auto& [cluster, n] : per_cluster) {
    calls += static_cast<int>((n + k_max_services_per_call - 1) / k_max_services_per_call);
  }
  return calls;
}

// The shared loop: fetch every unfinished service (batched per cluster), emit changes, judge,
// sleep. Ends when every service has an outcome, at the deadline, or on Ctrl-C.
void poll_loop(const Clients& clients, util::Clock& clock, std::vector<Watched>& watched,
               std::chrono::milliseconds timeout, const std::function<void()>& before_poll = {},
               std::optional<std::chrono::steady_clock::time_point> budget_origin = {},
               FleetPrefetch* prefetch = nullptr) {
  const auto started = clock.steady_now();
  const auto deadline = started + timeout;
  const auto origin = std::min(budget_origin.value_or(started), started);
  FleetBudget budget =
      fleet_budget(static_cast<int>(watched.size()), describe_calls_needed(watched, true),
                   std::chrono::duration_cast<util::Duration>(started - origin));
  auto budget_updated = started;
  // Waits for the fleet budget to cover a poll; false on Ctrl-C.
  auto wait_for_budget = [&](util::Duration wait) {
    if (wait.count() <= 0) {
      return true;
    }
    auto left = std::chrono::duration_cast<util::Duration>(deadline - clock.steady_now());
    return clock.sleep_for(std::min(wait, std::max(left, util::Duration{0})));
  };
  const util::DeadlineScope request_deadline(deadline);  // a hung call ends at the deadline too
  std::optional<std::chrono::steady_clock::time_point> last_heartbeat;
  util::Duration interval{0};
  auto last_change = started;
  int polls = 0;
  auto end_unfinished = [&](Outcome outcome) {
    for (Watched& w : watched) {
      if (!w.done) {
        w.result.outcome = outcome;
        w.done = true;
      }
    }
  };
  if (!wait_for_budget(fleet_wait(budget, describe_calls_needed(watched, false)))) {
    end_unfinished(Outcome::Interrupted);
  }
  while (std::any_of(watched.begin(), watched.end(), [](const Watched& w) { return !w.done; })) {
    if (before_poll) {
      before_poll();
    }
    PollSignals signals;
    std::map<std::string, std::vector<Watched*>> by_cluster;
    for (Watched& w : watched) {
      if (!w.done) {
        by_cluster[w.cluster].push_back(&w);
      }
    }
    bool interrupted = false;
    int describe_calls = 0;
    bool describe_now = false;
    std::optional<util::Duration> quiet;  // every unfinished service is quiet: the least wait
    bool all_quiet = true;
    for (auto& [cluster, group] : by_cluster) {
      LookSignals s = poll_cluster(clients, clock, group, prefetch);
      describe_calls += s.describe_calls;
      describe_now = describe_now || s.describe_now;
      if (s.unfinished > 0) {
        all_quiet = all_quiet && s.quiet.has_value();
        if (s.quiet) {
          quiet = quiet ? std::min(*quiet, *s.quiet) : *s.quiet;
        }
      }
      signals.changed = signals.changed || s.changed;
      signals.near_end = signals.near_end || s.near_end;
      signals.converging = signals.converging || s.converging;
      signals.throttled = signals.throttled || s.throttled;
      for (const Watched* w : group) {
        interrupted = interrupted || (w->done && w->result.outcome == Outcome::Interrupted);
      }
    }
    if (describe_calls > 0) {
      ++polls;  // the budget counts DescribeServices; service-deployment looks have their own
    }
    accrue(budget, std::chrono::duration_cast<util::Duration>(clock.steady_now() - budget_updated));
    budget_updated = clock.steady_now();
    spend(budget, describe_calls);
    if (interrupted || util::interrupt_requested()) {
      end_unfinished(Outcome::Interrupted);
      break;
    }
    if (std::all_of(watched.begin(), watched.end(), [](const Watched& w) { return w.done; })) {
      break;
    }
    auto now = clock.steady_now();
    if (now >= deadline) {
      for (Watched& w : watched) {
        if (!w.done && !w.result.verdict.unknown.empty()) {
          w.reporter->on(Message{Severity::Warning, "timed out while ECS reported " +
                                                        w.result.verdict.unknown +
                                                        ", which ecsdeploy does not know"});
        }
      }
      end_unfinished(Outcome::TimedOut);
      break;
    }
    if (signals.changed) {
      last_change = now;
    }
    signals.quiet_for = std::chrono::duration_cast<util::Duration>(now - last_change);
    signals.polls = polls;
    signals.elapsed = std::chrono::duration_cast<util::Duration>(now - started);
    if (heartbeat_due(started, last_heartbeat, now)) {
      last_heartbeat = now;
      for (Watched& w : watched) {
        if (!w.done) {
          w.reporter->on(heartbeat_message(w.result.last, signals.elapsed, timeout));
        }
      }
    }
    interval = next_poll_interval(interval, signals);
    if (describe_now && !signals.throttled) {
      interval = util::Duration{0};
    } else if (all_quiet && quiet) {
      // A bake or a pause: long waits that shorten as its end nears (stage_watch.h); a
      // throttled call still backs off at least as much as the usual policy says.
      interval = signals.throttled ? std::max(interval, *quiet) : *quiet;
    }
    interval = std::max(interval, fleet_wait(budget, describe_calls_needed(watched, false)));
    auto left = std::chrono::duration_cast<util::Duration>(deadline - now);
    if (!clock.sleep_for(std::min(interval, left))) {
      end_unfinished(Outcome::Interrupted);
      break;
    }
  }
  for (Watched& w : watched) {
    w.result.seen_event_ids = w.seen_events;
  }
}

// A service's RUNNING tasks, for the settle window.
using RunningTasks = std::function<util::Result<std::vector<services::Task>>(
    const std::string& cluster, const std::string& service)>;

// A fleet watch's RUNNING tasks: per poll, one listing of each cluster (ListTasks 100 per
// page, DescribeTasks 100 per call) serves every service that settles in it, instead of a
// ListTasks and a DescribeTasks per service on the cluster-resource bucket (100 burst, 20/s).
class ClusterRunningTasks {
 public:
  explicit ClusterRunningTasks(const Clients& clients) : m_clients(clients) {}
  void next_poll() { m_listed.clear(); }
  util::Result<std::vector<services::Task>> of(const std::string& cluster,
                                               const std::string& service) {
    auto it = m_listed.find(cluster);
    if (it == m_listed.end()) {
      it = m_listed.emplace(cluster, list_service_tasks(m_clients, cluster, "", "RUNNING")).first;
    }
    if (!it->second) {
      return it->second.error();
    }
    const std::string group = "service:" + services::arn_last_component(service);
    std::vector<services::Task> out;
    for (const auto& t : it->second.value()) {
      if (t.group == group) {
        out.push_back(t);
      }
    }
    return out;
  }

 private:
  const Clients& m_clients;
  std::map<std::string, util::Result<std::vector<services::Task>>> m_listed;
};

// Judges our rollout of one service; lists its stopped tasks only when something can have
// stopped, and once more when the verdict is a failure.
class RolloutJudge {
 public:
  RolloutJudge(const Clients& clients, util::Clock& clock, Reporter& reporter,
               const WatchRequest& request, const WatchOptions& options, RunningTasks running = {},
               const FleetPrefetch* prefetch = nullptr)
      : m_running(std::move(running)),
        m_prefetch(prefetch),
        m_clients(clients),
        m_clock(clock),
        m_reporter(reporter),
        m_request(request),
        m_settle_option(options.settle),
        m_target(request.target),
        m_tracker(clients, reporter, request.cluster, request.service, request.containers,
                  request.container, options.log_lines),
        m_policy{options.crash_loop_threshold},
        m_wait_until(options.wait_until) {}

  util::Result<Judgement> operator()(const services::Service& svc, bool stop_event) {
    learn_target(svc);
    if (auto ignored = ignore_earlier_stopped_tasks(); !ignored) {
      return ignored.take_error();
    }
    if (!m_rate_origin) {
      m_rate_origin = {m_clock.steady_now(), service_now()};
    }
    RolloutSnapshot snapshot{svc, std::nullopt, 0};
    NextFetches next = wanted(svc);
    const bool staged_watch = m_stages_seen || staged(svc.deployment_configuration);
    if (auto fetched = fetch(next, stop_event, snapshot); !fetched) {
      return fetched.take_error();
    }
    auto judged = judge(snapshot);
    // A rolling deployment may report a stage too; its own configuration or hooks decide.
    if (judged && snapshot.service_deployment &&
        (staged_watch || !snapshot.service_deployment->hooks.empty() ||
         (snapshot.service_deployment->configuration &&
          staged(*snapshot.service_deployment->configuration)))) {
      m_stages_seen = true;
      follow_stages(snapshot, *judged);
    }
    return judged;
  }

  // What operator() will fetch for `svc` (a fleet watch fetches it for everyone at once).
  PlannedFetches plan_fetches(const services::Service& svc, bool stop_event) {
    learn_target(svc);
    PlannedFetches out;
    NextFetches next = wanted(svc);
    if (next.service_deployment) {
      out.service_deployment_arn = m_target.service_deployment_arn;
    }
    const services::Deployment* ours = find_our_deployment(svc, m_target);
    if (next.stopped_tasks && ours &&
        (!m_request.ignore_earlier_stopped_tasks || m_ignored_earlier) &&
        m_tracker.wants_poll(task_counts(*ours), stop_event)) {
      out.stopped = &m_tracker;
    }
    return out;
  }

  // Stopped tasks are listed only when counts move; a failure verdict always gets one last
  // look, even right after a poll: a task can stop (or finish stopping) between that ListTasks
  // and the DescribeServices that failed the rollout, and its evidence belongs in the report.
  void finish(WatchResult& r) {
    r.service_deployment_arn = m_target.service_deployment_arn;
    r.settle_window = m_window.value_or(std::chrono::seconds(0));
    r.stages = m_progress;
    if (r.outcome == Outcome::TimedOut && m_rolling_back) {
      // The deadline fell while ECS was still rolling back: the rollout failed all the same.
      r.outcome = Outcome::RolloutFailed;
      r.verdict = *m_rolling_back;
    }
    if (r.outcome != Outcome::RolloutFailed ||
        (m_target.deployment_id.empty() && m_target.task_definition.empty())) {
      return;
    }
    auto last = m_tracker.poll(m_target.deployment_id, m_target.task_definition);
    if (!last) {
      m_reporter.on(Message{Severity::Warning,
                            "could not list the stopped tasks: " + last.error().describe()});
    }
  }

 private:
  // Our deployment id and service deployment ARN, once a snapshot shows them.
  void learn_target(const services::Service& svc) {
    if (m_target.deployment_id.empty()) {
      if (const auto* ours = find_our_deployment(svc, m_target)) {
        m_target.deployment_id = ours->id;
      }
    }
    if (m_target.service_deployment_arn.empty() && !m_request.previous_service_deployment.empty() &&
        !svc.current_service_deployment.empty() &&
        svc.current_service_deployment != m_request.previous_service_deployment) {
      m_target.service_deployment_arn = svc.current_service_deployment;
    }
  }

  // next_fetches(), and a staged deployment's service deployment at every look.
  NextFetches wanted(const services::Service& svc) const {
    NextFetches next = next_fetches(svc, m_target);
    const bool staged_watch = m_stages_seen || staged(svc.deployment_configuration);
    next.service_deployment =
        next.service_deployment || (staged_watch && !m_target.service_deployment_arn.empty());
    return next;
  }

  // A scale watches a deployment that ran before: its earlier stopped tasks are not ours.
  util::Status ignore_earlier_stopped_tasks() {
    if (!m_request.ignore_earlier_stopped_tasks || m_ignored_earlier) {
      return {};
    }
    if (auto ignored = m_tracker.ignore_stopped_so_far(); !ignored) {
      return ignored;
    }
    m_ignored_earlier = true;
    return {};
  }

  // Completes the snapshot with what `next` asks for.
  util::Status fetch(const NextFetches& next, bool stop_event, RolloutSnapshot& snapshot) {
    const services::Deployment* ours = find_our_deployment(snapshot.service, m_target);
    if (next.stopped_tasks && ours) {
      auto failed = m_tracker.poll_if_changed(m_target.deployment_id, m_target.task_definition,
                                              task_counts(*ours), stop_event);
      if (!failed) {
        return failed.take_error();
      }
      snapshot.failed_new_tasks = *failed;
    }
    if (next.service_deployment) {
      const auto* fetched =
          m_prefetch ? m_prefetch->service_deployment(m_target.service_deployment_arn) : nullptr;
      if (fetched != nullptr) {
        if (!*fetched) {
          return fetched->error();
        }
        snapshot.service_deployment = fetched->value();
        return {};
      }
      auto sds = m_clients.ecs.describe_service_deployments({m_target.service_deployment_arn});
      if (!sds) {
        return sds.take_error();
      }
      if (!sds->deployments.empty()) {
        snapshot.service_deployment = sds->deployments.front();
      }
    }
    return {};
  }

  // The verdict on a complete snapshot; a success waits out the settle window first.
  util::Result<Judgement> judge(RolloutSnapshot& snapshot) {
    const services::Service& svc = snapshot.service;
    const services::Deployment* ours = find_our_deployment(svc, m_target);
    Judgement j;
    j.near_end = ours && ours->running >= ours->desired;
    j.converging = ours && converging(svc, *ours);
    if (snapshot.service_deployment) {
      j.service_deployment_status = snapshot.service_deployment->status;
    }
    snapshot.settling = m_settle_until.has_value();
    j.verdict = assess_rollout(snapshot, m_target, m_policy);
    if (j.verdict.kind == VerdictKind::Succeeded) {
      auto settled = settle(svc);
      if (!settled) {
        return settled.take_error();
      }
      if (!*settled) {
        j.verdict = {VerdictKind::InProgress, "settling", false, false};
        j.converging = true;
      }
    }
    return j;
  }

  // ECS calls the rollout done: true once every task of ours has run the settle window.
  // Lists the running tasks when the window starts and when it should be over; in between
  // the snapshots (and the stopped-task tracker) catch a task that dies.
  util::Result<bool> settle(const services::Service& svc) {
    if (!m_window) {
      m_window = m_settle_option.value_or(default_settle_window(svc, m_request.containers));
    }
    if (m_window->count() <= 0) {
      return true;
    }
    if (m_settle_until && service_now() < *m_settle_until) {
      return false;
    }
    auto tasks =
        m_running ? m_running(m_request.cluster, m_request.service)
                  : list_service_tasks(m_clients, m_request.cluster, m_request.service, "RUNNING");
    if (!tasks) {
      return tasks.take_error();
    }
    const util::SystemTime then = service_now();
    SettleProgress p = assess_settle(*tasks, m_target.deployment_id, m_target.task_definition,
                                     svc.desired, then, *m_window);
    if (p.done) {
      return true;
    }
    if (!m_settle_until) {
      m_reporter.on(Settling{m_target.task_definition, *m_window, p.tasks, p.until});
    }
    // Fewer tasks than desired (one just died): look again at the next poll.
    m_settle_until = p.tasks >= svc.desired ? p.until : then;
    return false;
  }

  // ECS's clock (task start times are its time); the local one when no answer said.
  util::SystemTime service_now() const {
    return m_clients.ecs.server_now().value_or(m_clock.now());
  }

  // How many times faster ECS's clock runs than ours (1 against AWS; ecs-emulator --speed
  // runs faster); nullopt until a few seconds tell, or while ECS's clock stands still.
  std::optional<double> clock_rate() const {
    if (!m_rate_origin) {
      return std::nullopt;
    }
    const auto local = m_clock.steady_now() - m_rate_origin->first;
    const auto ecs = service_now() - m_rate_origin->second;
    if (local < std::chrono::seconds(2) || ecs.count() <= 0) {
      return std::nullopt;
    }
    return std::chrono::duration<double>(ecs).count() /
           std::chrono::duration<double>(local).count();
  }

  // A staged deployment: shows its stage, traffic, hooks and alarms when they change, follows
  // ECS's rollback to its end, stops at --wait-until and waits long through bakes and pauses.
  void follow_stages(const RolloutSnapshot& snapshot, Judgement& j) {
    const services::ServiceDeployment& sd = *snapshot.service_deployment;
    const services::DeploymentConfiguration& config =
        sd.configuration ? *sd.configuration : snapshot.service.deployment_configuration;
    const util::SystemTime now = service_now();
    ServiceDeploymentProgress p = observe_stage(m_stage, sd, config, now);
    p.target.task_definition = m_target.task_definition;
    if (p.sources.size() == 1) {
      p.sources.front().task_definition = m_target.previous_task_definition;
    }
    j.progressed = !m_progress || !m_progress->same_state(p);
    if (j.progressed) {
      m_reporter.on(p);
    }
    m_progress = p;
    if (j.verdict.kind == VerdictKind::Failed) {
      const std::string cause = stage_failure_cause(p);
      if (!cause.empty() && cause != sd.rollback_reason && j.verdict.rolled_back_by_ecs &&
          !j.verdict.ecs_rollback_failed) {
        j.verdict.reason = "ECS rolled the deployment back (" + sd.status + ") because " + cause +
                           (sd.rollback_reason.empty() ? "" : " (ECS: " + sd.rollback_reason + ")");
      } else if (!cause.empty() && j.verdict.reason.find(cause) == std::string::npos) {
        j.verdict.reason += "; cause: " + cause;
      }
      if (sd.status == "ROLLBACK_REQUESTED" || sd.status == "ROLLBACK_IN_PROGRESS" ||
          sd.status == "STOP_REQUESTED") {
        // Followed to its end: ROLLBACK_FAILED must not pass for a rollback that worked.
        m_rolling_back = j.verdict;
        j.verdict = {VerdictKind::InProgress, "ECS is rolling back: " + j.verdict.reason};
        j.converging = true;
      }
      return;
    }
    if (j.verdict.kind != VerdictKind::InProgress) {
      return;
    }
    if (auto met = wait_until_met(m_wait_until, p)) {
      j.verdict.kind = *met == Outcome::Paused ? VerdictKind::Paused : VerdictKind::ReachedStage;
      j.verdict.reason = to_string(m_wait_until);
      return;
    }
    if (j.progressed) {
      m_fast_looks = 0;
      return;
    }
    auto rate = clock_rate();
    if (auto change = next_expected_change(p); change && rate) {
      j.quiet = quiet_stage_interval(
          std::chrono::duration_cast<util::Duration>(*change - now), *rate,
          awaiting_pause_hooks(p).empty() ? k_bake_look_cap : k_pause_look_cap);
    } else if (ends_by_itself(p) && m_fast_looks < k_fast_stage_looks) {
      // A bake just due or the clean-up under way: ECS ends it on its own any second; look
      // at the service deployment every second (a minute of looks) to exit right after it.
      ++m_fast_looks;
      j.quiet = util::Duration{1000};
    }
  }

  RunningTasks m_running;           // set in a fleet watch; else the service's own listing
  const FleetPrefetch* m_prefetch;  // set in a fleet watch: this poll's service deployments
  const Clients& m_clients;
  util::Clock& m_clock;
  Reporter& m_reporter;
  const WatchRequest& m_request;
  std::optional<std::chrono::seconds> m_settle_option;  // WatchOptions::settle
  RolloutTarget m_target;
  StoppedTaskTracker m_tracker;
  RolloutPolicy m_policy;
  std::optional<std::chrono::seconds> m_window;    // known from the first success
  std::optional<util::SystemTime> m_settle_until;  // set while settling (service time)
  bool m_ignored_earlier = false;
  WaitUntil m_wait_until;
  bool m_stages_seen = false;  // our deployment turned out to be staged (stage_watch.h)
  int m_fast_looks = 0;        // one-second looks since the last change
  StageMemory m_stage;
  std::optional<ServiceDeploymentProgress> m_progress;
  std::optional<RolloutVerdict> m_rolling_back;  // ECS rolls back: the verdict once it ends
  std::optional<std::pair<std::chrono::steady_clock::time_point, util::SystemTime>> m_rate_origin;
};

}  // namespace

NextFetches next_fetches(const services::Service& service, const RolloutTarget& target) {
  const services::Deployment* ours = find_our_deployment(service, target);
  NextFetches next;
  next.stopped_tasks = ours != nullptr;
  const bool looks_terminal = !ours || counts_done(service, *ours) ||
                              ours->rollout_state == "FAILED" || ours->rollout_state == "COMPLETED";
  next.service_deployment = !target.service_deployment_arn.empty() && looks_terminal;
  return next;
}

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

std::vector<WatchResult> watch_rollouts(
    const Clients& clients, util::Clock& clock, const std::vector<Reporter*>& reporters,
    const std::vector<WatchRequest>& requests, const WatchOptions& options,
    std::optional<std::chrono::steady_clock::time_point> budget_origin) {
  std::vector<std::unique_ptr<RolloutJudge>> judges;
  std::vector<Watched> watched(requests.size());
  ClusterRunningTasks running(clients);
  FleetPrefetch prefetch(clients);
  const bool fleet = requests.size() > 1;
  RunningTasks shared;
  if (fleet) {
    shared = [&running](const std::string& cluster, const std::string& service) {
      return running.of(cluster, service);
    };
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    judges.push_back(std::make_unique<RolloutJudge>(clients, clock, *reporters[i], requests[i],
                                                    options, shared, fleet ? &prefetch : nullptr));
    Watched& w = watched[i];
    w.cluster = requests[i].cluster;
    w.service = requests[i].service;
    w.reporter = reporters[i];
    w.seen_events = requests[i].known_event_ids;
    RolloutJudge* judge = judges.back().get();
    w.judge = [judge](const services::Service& svc, bool stop_event) {
      return (*judge)(svc, stop_event);
    };
    if (fleet) {
      w.plan = [judge](const services::Service& svc, bool stop_event) {
        return judge->plan_fetches(svc, stop_event);
      };
    }
  }
  poll_loop(
      clients, clock, watched, options.timeout, [&running] { running.next_poll(); }, budget_origin,
      fleet ? &prefetch : nullptr);
  std::vector<WatchResult> out;
  for (size_t i = 0; i < watched.size(); ++i) {
    judges[i]->finish(watched[i].result);
    out.push_back(std::move(watched[i].result));
  }
  return out;
}

WatchResult watch_rollout(const Clients& clients, util::Clock& clock, Reporter& reporter,
                          const WatchRequest& request, const WatchOptions& options) {
  return std::move(watch_rollouts(clients, clock, {&reporter}, {request}, options).front());
}

WatchResult wait_until_settled(const Clients& clients, util::Clock& clock, Reporter& reporter,
                               const std::string& cluster, const std::string& service,
                               const std::string& task_definition,
                               std::set<std::string> known_event_ids,
                               std::chrono::milliseconds timeout) {
  std::vector<Watched> watched(1);
  Watched& w = watched.front();
  w.cluster = cluster;
  w.service = service;
  w.reporter = &reporter;
  w.seen_events = std::move(known_event_ids);
  w.judge = [&](const services::Service& svc, bool) -> util::Result<Judgement> {
    Judgement j;
    j.converging = svc.pending > 0 || svc.running != svc.desired || svc.deployments.size() > 1;
    j.verdict.unknown = unknown_state(svc);
    if (svc.status == "DRAINING" || svc.status == "INACTIVE") {
      j.verdict = {VerdictKind::Failed, "service is " + svc.status};
    } else if (service_settled(svc, task_definition)) {
      j.verdict = {VerdictKind::Succeeded, ""};
    } else {
      j.near_end = svc.running == svc.desired;
    }
    return j;
  };
  poll_loop(clients, clock, watched, timeout);
  return std::move(w.result);
}

}  // namespace engine
