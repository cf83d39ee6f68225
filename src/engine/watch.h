#pragma once
// Waiting: thin loops over DescribeServices on an injected Clock (contributing.md, principle 3).
// They fetch, judge with the pure functions in rollout_assess.h, emit events only on change and
// sleep for next_poll_interval(). A timeout or Ctrl-C leaves the deployment running.

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/lifecycle.h"
#include "engine/outcome.h"
#include "engine/reporter.h"
#include "engine/rollout_assess.h"
#include "util/clock.h"

namespace engine {

// How deploy, rollback and scale watch a rollout (their --timeout, --settle, ...).
struct WatchOptions {
  std::chrono::milliseconds timeout = std::chrono::minutes(30);
  int crash_loop_threshold = 3;  // STOPPED tasks of the new revision that mean failure
  int log_lines = 20;            // log tail per stopped task
  // How long every task of the new revision must have run before success (settle.h);
  // nullopt: default_settle_window(), 0: no settle window.
  std::optional<std::chrono::seconds> settle;
  // Where to stop waiting with exit 0 before the deployment ends (--wait-until).
  WaitUntil wait_until;
};

struct WatchRequest {
  std::string cluster;
  std::string service;
  RolloutTarget target;
  std::set<std::string> known_event_ids;  // events seen before our update: not re-emitted
  // Containers of the new revision (for awslogs locations) and the one being deployed, whose
  // log tail is preferred as evidence.
  std::vector<services::ContainerBasics> containers;
  std::string container;
  // The service's currentServiceDeployment before our update: when UpdateService did not
  // name the new one, the first different value seen while watching is ours.
  std::string previous_service_deployment;
  // Watching a deployment that ran before (a scale): tasks it stopped earlier are not ours.
  bool ignore_earlier_stopped_tasks = false;
};

struct WatchResult {
  Outcome outcome = Outcome::Error;  // Succeeded, RolloutFailed, TimedOut, Interrupted, Error
  RolloutVerdict verdict;
  services::Service last;  // the last snapshot (empty before the first successful fetch)
  std::optional<util::Error> error;
  std::set<std::string> seen_event_ids;
  std::string service_deployment_arn;     // ours, as learned while watching
  std::string service_deployment_status;  // its last observed status ("" if never fetched)
  std::chrono::seconds settle_window{0};  // every task of ours ran this long (0: not checked)
  // A service deployed with lifecycle stages: our deployment as last observed (stage_watch.h).
  std::optional<ServiceDeploymentProgress> stages;
};

// Watches our deployment until it succeeds or fails; gathers stopped-task evidence once per
// task along the way.
WatchResult watch_rollout(const Clients& clients, util::Clock& clock, Reporter& reporter,
                          const WatchRequest& request, const WatchOptions& options);

// Several services at once (deploy --services): one loop, one DescribeServices per cluster
// per 10 unfinished services per poll, each service judged on its own and reported to
// reporters[i]. A service leaves the batch when it has an outcome; the rest go on. Timeout
// and Ctrl-C end every unfinished watch. Results in the order of `requests`. Over more
// services than one call describes, DescribeServices keep to the fleet budget
// (poll_interval.h), accrued from `budget_origin` (the first UpdateService; default: now).
std::vector<WatchResult> watch_rollouts(
    const Clients& clients, util::Clock& clock, const std::vector<Reporter*>& reporters,
    const std::vector<WatchRequest>& requests, const WatchOptions& options,
    std::optional<std::chrono::steady_clock::time_point> budget_origin = {});

// Waits until service_settled(service, task_definition) (any revision when empty): for a
// rollback, a scale, or ECS's own rollback.
WatchResult wait_until_settled(const Clients& clients, util::Clock& clock, Reporter& reporter,
                               const std::string& cluster, const std::string& service,
                               const std::string& task_definition,
                               std::set<std::string> known_event_ids,
                               std::chrono::milliseconds timeout);

// What the rollout judge fetches for one DescribeServices snapshot beyond the snapshot itself:
// a pure function of the snapshot and the target (table-tested), so a rollout costs one
// DescribeServices per poll most of the time.
struct NextFetches {
  // Our deployment is in the snapshot: the stopped-task tracker is asked, and it lists
  // STOPPED tasks only when our counts moved or an event mentions a stopped task.
  bool stopped_tasks = false;
  // DescribeServiceDeployments for our service deployment: only when one is known and the
  // service looks finished (counts_done) or failed, or our deployment is gone.
  bool service_deployment = false;
};
NextFetches next_fetches(const services::Service& service, const RolloutTarget& target);

// Our deployment can still finish soon (pending tasks, running < desired, rollout
// IN_PROGRESS, or old deployments still running tasks): polls stay at most ~2 s apart.
bool converging(const services::Service& service, const services::Deployment& ours);

// Rows for RolloutProgress from a service snapshot.
std::vector<DeploymentRow> deployment_rows(const services::Service& service);

}  // namespace engine
