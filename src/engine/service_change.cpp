#include "engine/service_change.h"

#include <cstdio>

#include "engine/phase.h"
#include "engine/stage_watch.h"
#include "services/arn.h"
#include "util/time.h"

namespace engine {

std::set<std::string> event_ids(const services::Service& service) {
  std::set<std::string> out;
  for (const auto& e : service.events) {
    out.insert(e.id);
  }
  return out;
}

util::Result<RolloutTarget> send_service_change(
    const Clients& clients, util::Clock& clock, Reporter& reporter, const std::string& cluster,
    const std::string& service, const services::Service& before, const ServiceChange& change,
    const std::string& title, std::chrono::milliseconds& elapsed) {
  Phase phase(clock, reporter, "update", title);
  services::UpdateServiceRequest update;
  update.cluster = cluster;
  update.service = service;
  update.task_definition = change.task_definition;
  update.desired_count = change.desired_count;
  update.force_new_deployment = change.force_new_deployment;
  auto updated = clients.ecs.update_service(update);
  elapsed = phase.finish(updated.ok());
  if (!updated) {
    return updated.take_error();
  }
  RolloutTarget target;
  target.task_definition = change.task_definition.value_or(before.task_definition);
  target.previous_task_definition = before.task_definition;
  for (const auto& d : updated->deployments) {
    if (d.status == "PRIMARY" && d.task_definition == target.task_definition) {
      target.deployment_id = d.id;
    }
  }
  // An update that starts no deployment (a scale) leaves currentServiceDeployment as it was:
  // only a new value is ours.
  if (!updated->current_service_deployment.empty() &&
      updated->current_service_deployment != before.current_service_deployment) {
    target.service_deployment_arn = updated->current_service_deployment;
  }
  reporter.on(ServiceUpdated{target.task_definition, change.desired_count.value_or(before.desired),
                             target.service_deployment_arn, target.deployment_id});
  return target;
}

StepResult preflight_service_as_is(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                   std::chrono::steady_clock::time_point start,
                                   OperationResult& result, const std::string& expected_account,
                                   services::Service& service) {
  PreflightInput in;
  in.cluster = result.cluster;
  in.service = result.service;
  in.expected_account = expected_account;
  in.require_idle = false;
  in.need_task_definition = false;
  Phase phase(clock, reporter, "preflight", "Preflight checks");
  PreflightResult pre = run_preflight(clients, reporter, in);
  result.timings.preflight = phase.finish(pre.ok());
  if (!pre.ok()) {
    return finish_preflight_failed(reporter, clock, start, result, pre);
  }
  service = pre.service;
  result.previous_task_definition = service.task_definition;
  result.previous_desired_count = result.desired_count = service.desired;
  return std::nullopt;
}

OperationResult finish_preflight_failed(Reporter& reporter, util::Clock& clock,
                                        std::chrono::steady_clock::time_point start,
                                        OperationResult result, const PreflightResult& preflight) {
  result.outcome = Outcome::PreflightFailed;
  result.problems = preflight.problems();
  const std::string summary = "preflight failed (" + std::to_string(result.problems.size()) +
                              " problem(s)); nothing was changed";
  return finish(reporter, clock, start, std::move(result), summary, preflight.hints());
}

OperationResult finish_unjudged_watch(Reporter& reporter, util::Clock& clock,
                                      std::chrono::steady_clock::time_point start,
                                      OperationResult result, const WatchResult& watched,
                                      const std::string& waiting_for,
                                      std::chrono::milliseconds timeout) {
  const Hints follow{Hint{NextStep::FollowDeployment, result.cluster, result.service}};
  // What goes on in ECS without us: the deployment a deploy started, a rollback, a scale.
  const std::string continues =
      "; the " +
      (result.command == "deploy" || result.command == "continue" ? std::string("deployment")
                                                                  : result.command) +
      " continues";
  result.outcome = watched.outcome;
  std::string summary;
  switch (watched.outcome) {
    case Outcome::TimedOut:
      summary = "timed out after " + util::format_duration(timeout) + " waiting for " +
                waiting_for + unknown_state_note(watched.verdict) + continues;
      break;
    case Outcome::Interrupted:
      summary = "interrupted while waiting for " + waiting_for + continues;
      break;
    default:
      result.outcome = Outcome::Error;
      result.error = watched.error;
      summary = "watching " + waiting_for + " failed: " +
                (watched.error ? watched.error->describe() : std::string("unknown error")) +
                continues;
  }
  return finish(reporter, clock, start, std::move(result), summary, follow);
}

namespace {

std::string percent(std::optional<double> weight) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", weight.value_or(0));
  return buf;
}

// "; web:4 keeps 90% of production traffic and runs until the deployment ends".
std::string kept(const ServiceDeploymentProgress& p) {
  if (p.sources.size() != 1) {
    return "; the previous revision runs until the deployment ends";
  }
  const RevisionTraffic& old = p.sources.front();
  const std::string name = old.task_definition.empty()
                               ? std::string("the previous revision")
                               : services::task_definition_short_name(old.task_definition);
  return "; " + name + " keeps " + percent(old.production_weight) +
         " of production traffic and runs until the deployment ends";
}

}  // namespace

OperationResult finish_waited_until(Reporter& reporter, util::Clock& clock,
                                    std::chrono::steady_clock::time_point start,
                                    OperationResult result, const WatchResult& watched,
                                    const std::string& revision) {
  result.outcome = watched.outcome;
  result.stages = watched.stages;
  std::string summary;
  Hints next;
  const ServiceDeploymentProgress p = watched.stages.value_or(ServiceDeploymentProgress{});
  const std::string traffic = revision + " has " + percent(p.target.test_weight) + " of test and " +
                              percent(p.target.production_weight) + " of production traffic";
  if (watched.outcome == Outcome::Paused) {
    std::vector<HookRunView> paused = awaiting_pause_hooks(p);
    std::string hook =
        paused.empty() ? std::string("a PAUSE hook") : "PAUSE hook " + paused[0].hook_id;
    std::string until;
    if (!paused.empty() && paused[0].expires_at) {
      until =
          " until " + util::format_iso8601(*paused[0].expires_at) + " (then " +
          (paused[0].timeout_action.empty() ? std::string("ROLLBACK") : paused[0].timeout_action) +
          ")";
    }
    summary =
        "paused at " + p.stage + ": " + hook + " awaits action" + until + "; " + traffic + kept(p);
    next = {Hint{NextStep::ContinueDeployment, result.cluster, result.service},
            Hint{NextStep::RejectDeployment, result.cluster, result.service}};
  } else {
    std::string bake;
    if (p.bake_until) {
      bake = "; its bake ends about " + util::format_iso8601(*p.bake_until);
    }
    summary = "reached " + p.stage + " (waited until " + watched.verdict.reason + "): " + traffic +
              bake + kept(p) + "; the deployment continues in ECS";
    next = {Hint{NextStep::FollowDeployment, result.cluster, result.service}};
  }
  return finish(reporter, clock, start, std::move(result), summary, next);
}

}  // namespace engine
