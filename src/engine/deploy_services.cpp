#include "engine/deploy_services.h"

#include <future>
#include <memory>

#include "engine/buffered_reporter.h"
#include "engine/deploy_steps.h"
#include "engine/phase.h"
#include "services/arn.h"

namespace engine {

namespace {

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
                       std::vector<std::optional<OperationResult>>& results) {
  ServicesResult out;
  out.outcome = Outcome::Succeeded;
  size_t ok = 0;
  std::string failed;
  for (auto& r : results) {
    out.outcome = worst_outcome(out.outcome, r->outcome);
    if (r->outcome == Outcome::Succeeded) {
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
  for (const auto& o : options) {
    states.push_back(begin_deploy(clock, o));
  }
  std::vector<std::optional<OperationResult>> results(n);

  // 1. Every preflight at once; each service's events are replayed to its reporter in order.
  {
    std::vector<std::unique_ptr<BufferedReporter>> buffers;
    std::vector<std::future<StepResult>> checks;
    for (size_t i = 0; i < n; ++i) {
      buffers.push_back(std::make_unique<BufferedReporter>());
      checks.push_back(std::async(std::launch::async, [&, i] {
        return run_deploy_preflight(clients, clock, *buffers[i], options[i], states[i]);
      }));
    }
    for (size_t i = 0; i < n; ++i) {
      results[i] = checks[i].get();
      buffers[i]->replay(*reporters[i]);
    }
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
    if (results[i] && results[i]->outcome != Outcome::Succeeded) {
      failed.push_back(i);
    }
  }
  if (dry_run) {
    return collect(clock, run_reporter, start, results);
  }
  if (!failed.empty()) {
    hold_back(clock, options, reporters, states, results,
              "the plan for " + names_of(options, failed) + " could not be built");
    return collect(clock, run_reporter, start, results);
  }

  // 3. Register and update, service after service. A failure here ends that service only:
  //    the ones already updated are rolling out.
  std::vector<size_t> watching;
  for (size_t i = 0; i < n; ++i) {
    if (util::interrupt_requested()) {
      OperationResult res = states[i].result;
      res.outcome = Outcome::Interrupted;
      results[i] = finish(*reporters[i], clock, states[i].start, res,
                          "not deployed: interrupted before its update; nothing was changed");
      continue;
    }
    results[i] = start_rollout(clients, clock, *reporters[i], options[i], states[i]);
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
        watch_rollouts(clients, clock, watch_reporters, requests, watch);
    // 5. Per service: its summary, and for a failed rollout its own recovery.
    for (size_t k = 0; k < watching.size(); ++k) {
      size_t i = watching[k];
      states[i].result.timings.wait = phases[k]->finish(watched[k].outcome == Outcome::Succeeded);
      results[i] =
          conclude_deploy(clients, clock, *reporters[i], options[i], states[i], watched[k]);
    }
  }
  return collect(clock, run_reporter, start, results);
}

}  // namespace engine
