#include "engine/deploy_services.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

#include "engine/buffered_reporter.h"
#include "engine/deploy_steps.h"
#include "engine/names.h"
#include "engine/phase.h"
#include "services/arn.h"
#include "util/time.h"

namespace engine {

namespace {

// Threads for the per-service steps that run in parallel: the shared reads and the rate
// limiter make more pointless (they would only wait for tokens), and 500 services must not
// mean 500 threads.
constexpr size_t k_workers = 16;

// Runs work(i) for every index in `which` on up to k_workers threads; events of each go to
// its own buffer and are replayed to reporters[i] in the order of `which` afterwards, so no
// reporter is called from two threads.
void for_each_parallel(const std::vector<size_t>& which, const std::vector<Reporter*>& reporters,
                       const std::function<void(size_t, Reporter&)>& work) {
  std::vector<std::unique_ptr<BufferedReporter>> buffers;
  for (size_t k = 0; k < which.size(); ++k) {
    buffers.push_back(std::make_unique<BufferedReporter>());
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k = next++; k < which.size(); k = next++) {
      work(which[k], *buffers[k]);
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < std::min(k_workers, which.size()); ++t) {
    threads.emplace_back(worker);
  }
  for (auto& t : threads) {
    t.join();
  }
  for (size_t k = 0; k < which.size(); ++k) {
    buffers[k]->replay(*reporters[which[k]]);
  }
}

std::vector<size_t> all_of(size_t n) {
  std::vector<size_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = i;
  }
  return out;
}

std::string first_names(const std::vector<DeployOptions>& options, const std::vector<size_t>& which,
                        size_t max = 10) {
  std::string out;
  for (size_t k = 0; k < which.size() && k < max; ++k) {
    out += (k ? ", " : "") + options[which[k]].service;
  }
  if (which.size() > max) {
    out += " and " + std::to_string(which.size() - max) + " more";
  }
  return out;
}

// The run's plan: which services share a revision, and the floor the API limits set.
void report_fleet_plan(Reporter& reporter, const std::vector<DeployOptions>& options,
                       const FleetPlan& plan) {
  for (const RevisionGroup& g : plan.groups) {
    const std::string base = services::task_definition_short_name(g.base);
    if (g.reuse) {
      reporter.on(Message{Severity::Notice, base + " already has " + g.image + ": reused by " +
                                                first_names(options, g.members)});
    } else if (g.members.size() > 1) {
      reporter.on(Message{Severity::Notice, "one new revision of " + g.family + " (from " + base +
                                                ", image " + g.image + ") shared by " +
                                                std::to_string(g.members.size()) +
                                                " services: " + first_names(options, g.members)});
    }
  }
  if (plan.updates > 0) {
    reporter.on(Message{
        Severity::Notice,
        std::to_string(plan.updates) + " UpdateService and " + std::to_string(plan.registrations) +
            " RegisterTaskDefinition calls; the ECS API limits allow them in no less than " +
            util::format_duration(plan.floor) +
            " (UpdateService: burst 50, then 5 per second; RegisterTaskDefinition: burst 20, "
            "then 1 per second)"});
  }
}

std::string names_of(const std::vector<DeployOptions>& options, const std::vector<size_t>& which) {
  std::string out;
  for (size_t i : which) {
    out += (out.empty() ? "" : ", ") + options[i].service;
  }
  return out;
}

// Ends every service that has no result yet without touching it: another service's check
// failed, so the run changes nothing.
void hold_back(util::Clock& clock, const std::vector<DeployOptions>& options,
               const std::vector<Reporter*>& reporters, std::vector<DeployState>& states,
               std::vector<std::optional<OperationResult>>& results, const std::string& why) {
  for (size_t i = 0; i < options.size(); ++i) {
    if (results[i]) {
      continue;
    }
    OperationResult res = states[i].result;
    res.outcome = Outcome::PreflightFailed;
    results[i] = finish(*reporters[i], clock, states[i].start, res,
                        "not deployed: " + why + "; nothing was changed");
  }
}

ServicesResult collect(util::Clock& clock, Reporter& run_reporter,
                       std::chrono::steady_clock::time_point start,
                       std::vector<std::optional<OperationResult>>& results, FleetPlan plan = {}) {
  ServicesResult out;
  out.plan = std::move(plan);
  out.outcome = Outcome::Succeeded;
  size_t ok = 0;
  std::string failed;
  for (auto& r : results) {
    out.outcome = worst_outcome(out.outcome, r->outcome);
    if (successful(r->outcome)) {
      ++ok;
    } else {
      failed += (failed.empty() ? "" : ", ") + r->service + " (" + to_string(r->outcome) + ")";
    }
    out.services.push_back(std::move(*r));
  }
  const bool dry_run = !out.services.empty() && out.services.front().dry_run;
  out.summary = std::to_string(ok) + " of " + std::to_string(out.services.size()) + " services " +
                (dry_run ? "planned (dry run)" : "deployed");
  if (!failed.empty()) {
    out.summary += "; not deployed: " + failed;
  }
  out.total = std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - start);
  run_reporter.on(Finished{out.outcome, dry_run, out.summary, {}, "deploy", "", ""});
  return out;
}

}  // namespace

ServicesResult deploy_services(const Clients& clients, util::Clock& clock, Reporter& run_reporter,
                               std::vector<DeployOptions> options,
                               const std::vector<Reporter*>& reporters) {
  const auto start = clock.steady_now();
  const size_t n = options.size();
  std::vector<DeployState> states;
  states.reserve(n);
  for (const auto& o : options) {
    states.push_back(begin_deploy(clock, o));
  }
  std::vector<std::optional<OperationResult>> results(n);
  SharedReads reads(clients);

  // 1. Every preflight, sharing what is shared: the services described 10 per call first.
  {
    std::vector<std::pair<std::string, std::string>> targets;
    for (const auto& o : options) {
      if (is_valid_resource_name(o.cluster) && is_valid_resource_name(o.service)) {
        targets.emplace_back(o.cluster, o.service);
      }
    }
    reads.prefetch_services(targets);
    for_each_parallel(all_of(n), reporters, [&](size_t i, Reporter& r) {
      results[i] = run_deploy_preflight(clients, clock, r, options[i], states[i], &reads);
    });
  }
  std::vector<size_t> failed;
  for (size_t i = 0; i < n; ++i) {
    if (results[i]) {
      failed.push_back(i);
    }
  }
  if (!failed.empty()) {
    hold_back(clock, options, reporters, states, results,
              "the preflight of " + names_of(options, failed) + " failed");
    return collect(clock, run_reporter, start, results);
  }

  for (size_t i = 0; i < n; ++i) {
    keep_current_desired_count(options[i], states[i]);
  }

  // 2. Every plan before any change; a dry run stops here (each plan is its result).
  bool dry_run = false;
  for (size_t i = 0; i < n; ++i) {
    results[i] = choose_base_step(clients, clock, *reporters[i], options[i], states[i]);
    if (!results[i]) {
      results[i] = plan_deploy_step(clock, *reporters[i], options[i], states[i]);
    }
    dry_run = dry_run || options[i].dry_run;
    if (results[i] && !successful(results[i]->outcome)) {
      failed.push_back(i);
    }
  }
  std::vector<const DeployPlan*> plans;
  for (size_t i = 0; i < n; ++i) {
    plans.push_back(states[i].plan && (dry_run || !results[i]) ? &*states[i].plan : nullptr);
  }
  FleetPlan fleet = plan_fleet(plans);
  report_fleet_plan(run_reporter, options, fleet);
  if (dry_run) {
    return collect(clock, run_reporter, start, results, std::move(fleet));
  }
  if (!failed.empty()) {
    hold_back(clock, options, reporters, states, results,
              "the plan for " + names_of(options, failed) + " could not be built");
    return collect(clock, run_reporter, start, results, std::move(fleet));
  }

  // 3. Register and update, in parallel within the API limits: first every service that
  //    registers its group's revision (or reuses one), then the rest of each group on the
  //    revision registered for it. A failure here ends that service only: the ones already
  //    updated are rolling out.
  std::vector<size_t> first_wave;
  std::vector<size_t> second_wave;
  std::vector<size_t> leader(n);
  for (const RevisionGroup& g : fleet.groups) {
    for (size_t k = 0; k < g.members.size(); ++k) {
      leader[g.members[k]] = g.members.front();
      (k == 0 || g.reuse ? first_wave : second_wave).push_back(g.members[k]);
    }
  }
  auto start_one = [&](size_t i, Reporter& r) {
    if (util::interrupt_requested()) {
      OperationResult res = states[i].result;
      res.outcome = Outcome::Interrupted;
      results[i] = finish(r, clock, states[i].start, res,
                          "not deployed: interrupted before its update; nothing was changed");
      return;
    }
    results[i] = start_rollout(clients, clock, r, options[i], states[i]);
  };
  // The rollouts run from the first UpdateService: the watch's DescribeServices budget too.
  const auto first_update = clock.steady_now();
  for_each_parallel(first_wave, reporters, start_one);
  for (size_t i : second_wave) {
    const DeployState& lead = states[leader[i]];
    if (lead.result.registered_new_revision && !lead.result.task_definition.empty()) {
      services::TaskDefinition shared;
      shared.arn = lead.result.task_definition;
      shared.family = lead.plan->base.family;
      shared.containers = lead.containers;
      states[i].shared_revision = std::move(shared);
      states[i].shared_with = options[leader[i]].service;
    }
  }
  for_each_parallel(second_wave, reporters, start_one);
  std::vector<size_t> watching;
  for (size_t i = 0; i < n; ++i) {
    if (!results[i]) {
      watching.push_back(i);
    }
  }

  // 4. One watch loop over every started rollout.
  if (!watching.empty()) {
    std::vector<WatchRequest> requests;
    std::vector<Reporter*> watch_reporters;
    std::vector<std::unique_ptr<Phase>> phases;
    for (size_t i : watching) {
      requests.push_back(watch_request(options[i], states[i]));
      watch_reporters.push_back(reporters[i]);
      phases.push_back(std::make_unique<Phase>(
          clock, *reporters[i], "wait",
          "Waiting for the rollout of " +
              services::task_definition_short_name(states[i].target.task_definition)));
    }
    WatchOptions watch = options[watching.front()].watch;
    std::vector<WatchResult> watched =
        watch_rollouts(clients, clock, watch_reporters, requests, watch, first_update);
    // 5. Per service: its summary, and for a failed rollout its own recovery.
    for (size_t k = 0; k < watching.size(); ++k) {
      size_t i = watching[k];
      states[i].result.timings.wait = phases[k]->finish(successful(watched[k].outcome));
      results[i] =
          conclude_deploy(clients, clock, *reporters[i], options[i], states[i], watched[k]);
    }
  }
  return collect(clock, run_reporter, start, results, std::move(fleet));
}

}  // namespace engine
