#include "engine/deploy.h"

#include <optional>

#include "engine/base_drift.h"
#include "engine/deploy_steps.h"

#include "engine/diff.h"
#include "engine/names.h"
#include "engine/phase.h"
#include "engine/plan.h"
#include "engine/preflight.h"
#include "engine/recovery.h"
#include "engine/service_change.h"
#include "engine/watch.h"
#include "services/arn.h"
#include "util/time.h"

namespace engine {

namespace {

// `text` ending in one full stop: ECS's own reasons often carry it already.
std::string sentence(const std::string& text) {
  if (text.empty() || text.back() == '.' || text.back() == '!' || text.back() == '?') {
    return text;
  }
  return text + ".";
}

std::string short_td(const std::string& arn) {
  return services::task_definition_short_name(arn);
}

std::optional<util::Error> validate(const DeployOptions& o) {
  auto bad = [](std::string m) {
    return util::make_error(util::ErrorKind::InvalidInput, std::move(m));
  };
  if (!is_valid_resource_name(o.cluster)) {
    return bad("invalid cluster name '" + o.cluster + "'");
  }
  if (!is_valid_resource_name(o.service)) {
    return bad("invalid service name '" + o.service + "'");
  }
  if (!is_valid_resource_name(o.container)) {
    return bad("invalid container name '" + o.container + "'");
  }
  if (!o.family.empty() && !is_valid_resource_name(o.family)) {
    return bad("invalid task definition family '" + o.family + "'");
  }
  if (!is_valid_image_tag(o.image_tag)) {
    return bad("invalid image tag '" + o.image_tag +
               "' (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')");
  }
  if (o.desired_count < 0) {
    return bad("desired count must be 0 or more");
  }
  return std::nullopt;
}

// Runs the preflight; with --wait-for-idle, waits out an in-flight deployment first.
PreflightResult preflight(const Clients& clients, util::Clock& clock, Reporter& reporter,
                          const DeployOptions& o, const PreflightInput& in, SharedReads& reads) {
  if (!o.wait_for_idle) {
    return run_preflight(clients, reads, reporter, in);
  }
  // With --wait-for-idle a deployment in progress is not a problem yet: check the rest first.
  PreflightInput relaxed = in;
  relaxed.require_idle = false;
  PreflightResult pre = run_preflight(clients, reads, reporter, relaxed);
  if (!pre.ok() || !deployment_in_progress(pre.service)) {
    return pre;
  }
  reporter.on(Message{Severity::Notice, "waiting for the deployment in progress to finish"});
  WatchResult idle = wait_until_settled(clients, clock, reporter, o.cluster, o.service, "",
                                        event_ids(pre.service), o.watch.timeout);
  if (idle.outcome == Outcome::Interrupted) {
    return pre;  // run_deploy_preflight reports the interruption
  }
  if (idle.outcome != Outcome::Succeeded) {
    pre.checks.push_back(
        {"idle", false, false,
         "the deployment in progress did not finish: " + std::string(to_string(idle.outcome))});
    return pre;
  }
  return run_preflight(clients, reads, reporter, in);
}

}  // namespace

DeployState begin_deploy(util::Clock& clock, const DeployOptions& o) {
  DeployState st;
  st.start = clock.steady_now();
  st.result = begin_result("deploy", o.cluster, o.service, o.dry_run);
  if (!o.keep_desired_count) {  // else known after the preflight
    st.result.desired_count = o.desired_count;
  }
  return st;
}

StepResult run_deploy_preflight(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                const DeployOptions& o, DeployState& st, SharedReads* reads) {
  OperationResult& res = st.result;
  if (auto e = validate(o)) {
    return finish(reporter, clock, st.start, error_result(res, *e), e->message);
  }
  PreflightInput in;
  in.cluster = o.cluster;
  in.service = o.service;
  in.container = o.container;
  in.image_tag = o.image_tag;
  in.family = o.family;
  in.repository = o.repository;
  in.expected_account = o.expected_account;
  if (!o.keep_desired_count) {
    in.desired_count = o.desired_count;
  }
  in.max_desired_count = o.max_desired_count;
  in.require_idle = !o.supersede;
  Phase pre_phase(clock, reporter, "preflight", "Preflight checks");
  std::optional<SharedReads> own;
  if (reads == nullptr) {
    reads = &own.emplace(clients);
  }
  st.preflight = preflight(clients, clock, reporter, o, in, *reads);
  res.timings.preflight = pre_phase.finish(st.preflight.ok());
  if (util::interrupt_requested()) {
    res.outcome = Outcome::Interrupted;
    return finish(reporter, clock, st.start, res,
                  "interrupted during preflight; nothing was changed");
  }
  if (!st.preflight.ok()) {
    return finish_preflight_failed(reporter, clock, st.start, res, st.preflight);
  }
  res.previous_task_definition = st.preflight.service.task_definition;
  res.previous_desired_count = st.preflight.service.desired;
  return std::nullopt;
}

void keep_current_desired_count(DeployOptions& o, DeployState& st) {
  if (o.keep_desired_count) {
    o.desired_count = st.preflight.service.desired;
    st.result.desired_count = o.desired_count;
  }
}

StepResult plan_deploy_step(util::Clock& clock, Reporter& reporter, const DeployOptions& o,
                            DeployState& st) {
  OperationResult& res = st.result;
  const auto& current = st.preflight.current;
  auto planned =
      plan_deploy(o, st.preflight.service, st.preflight.base, current ? &*current : nullptr);
  if (!planned) {
    return finish(reporter, clock, st.start, error_result(res, planned.error()),
                  planned.error().message);
  }
  st.plan = std::move(*planned);
  const DeployPlan& plan = *st.plan;
  res.previous_image = plan.old_image;
  res.image = plan.new_image;
  PlanReady planned_event = plan_event(plan, o.dry_run);
  planned_event.strategy = summarize_strategy(st.preflight.service, strategy_limits(o));
  report_plan(reporter, planned_event);
  res.base_task_definition = plan.base.arn;
  if (!st.base_why.empty()) {
    reporter.on(Message{Severity::Notice, "the new revision " +
                                              std::string(plan.reuse_revision ? "is " : "copies ") +
                                              short_td(plan.base.arn) + ", " + st.base_why});
  }
  if (current && !plan.reuse_revision && st.base_why.empty()) {
    std::vector<DiffLine> drift = drift_beyond_image(*current, plan.base, o.container);
    if (!drift.empty()) {
      std::string what;
      for (size_t i = 0; i < drift.size() && i < 5; ++i) {
        what += (i ? "; " : "") + diff_line_text(drift[i]);
      }
      if (drift.size() > 5) {
        what += "; and " + std::to_string(drift.size() - 5) + " more";
      }
      reporter.on(
          Message{Severity::Warning,
                  "the new revision copies the family's latest, " + short_td(plan.base.arn) +
                      ", which is not what the service runs (" + short_td(current->arn) +
                      ") and differs from it beyond the image: " + what + ". If " +
                      short_td(plan.base.arn) +
                      " is what failed, `--base last-good` copies the revision that last ran "
                      "well instead",
                  {Hint{NextStep::RollBackToLastGood, o.cluster, o.service}}});
    }
  }
  if (!o.rollback_on_failure) {
    // What "off" leaves running: ECS's own circuit-breaker rollback is the service's setting.
    const services::Service& svc = st.preflight.service;
    reporter.on(Message{
        Severity::Notice,
        std::string("rollback on failure is off: if the rollout fails, ecsdeploy will not roll "
                    "back itself; ") +
            (svc.deployment_configuration.circuit_breaker_enable &&
                     svc.deployment_configuration.circuit_breaker_rollback
                 ? "the service's circuit breaker still rolls back when it trips"
                 : "the service's circuit breaker does not roll back either, so the failed "
                   "deployment stays in place")});
  }
  if (!o.dry_run) {
    return std::nullopt;
  }
  res.outcome = Outcome::Succeeded;
  res.task_definition = plan.reuse_revision ? plan.base.arn : "";
  return finish(reporter, clock, st.start, res,
                "dry run: would deploy " + plan.new_image + " to " + o.service + " (" +
                    (plan.reuse_revision ? "reusing " + short_td(plan.base.arn)
                                         : "new revision of " + plan.base.family) +
                    "); nothing was changed");
}

StepResult start_rollout(const Clients& clients, util::Clock& clock, Reporter& reporter,
                         const DeployOptions& o, DeployState& st) {
  OperationResult& res = st.result;
  const DeployPlan& plan = *st.plan;
  const services::TaskDefinition* shared = st.shared_revision ? &*st.shared_revision : nullptr;
  Phase reg_phase(
      clock, reporter, "register",
      plan.reuse_revision ? "Reusing " + short_td(plan.base.arn)
      : shared ? "Using " + short_td(shared->arn) + ", registered in this run for " + st.shared_with
               : "Registering a new revision of " + plan.base.family);
  std::string target_td = plan.base.arn;
  st.containers = plan.base.containers;
  if (shared != nullptr) {
    target_td = shared->arn;
    st.containers = shared->containers;
  } else if (!plan.reuse_revision) {
    auto registered = clients.ecs.register_task_definition(plan.definition, plan.tags);
    if (!registered) {
      res.timings.register_revision = reg_phase.finish(false);
      return finish(reporter, clock, st.start, error_result(res, registered.error()),
                    "registering the new revision failed: " + registered.error().describe());
    }
    auto unexpected = verify_registered(plan.definition, registered->raw);
    if (!unexpected.empty()) {
      res.timings.register_revision = reg_phase.finish(false);
      res.task_definition = registered->arn;
      std::string what;
      for (const auto& d : unexpected) {
        what += (what.empty() ? "" : ", ") + d.path;
      }
      util::Error e = util::make_error(
          util::ErrorKind::Internal, "registered revision " + short_td(registered->arn) +
                                         " differs from the base in more than the image (" + what +
                                         "); the service was not touched");
      return finish(reporter, clock, st.start, error_result(res, e), e.message);
    }
    target_td = registered->arn;
    st.containers = registered->containers;
    res.registered_new_revision = true;
    reporter.on(RevisionRegistered{target_td, plan.new_image});
  }
  res.task_definition = target_td;
  res.timings.register_revision = reg_phase.finish(true);

  auto updated =
      send_service_change(clients, clock, reporter, o.cluster, o.service, st.preflight.service,
                          {target_td, o.desired_count, /*force_new_deployment=*/true},
                          "Updating service " + o.service, res.timings.update);
  if (!updated) {
    return finish(reporter, clock, st.start, error_result(res, updated.error()),
                  "UpdateService failed: " + updated.error().describe());
  }
  st.target = std::move(*updated);
  res.service_deployment_arn = st.target.service_deployment_arn;
  if (o.wait) {
    return std::nullopt;
  }
  res.outcome = Outcome::Succeeded;
  return finish(reporter, clock, st.start, res,
                "deployment of " + short_td(target_td) + " started (not waiting)",
                {Hint{NextStep::FollowDeployment, o.cluster, o.service}});
}

WatchRequest watch_request(const DeployOptions& o, const DeployState& st) {
  WatchRequest wr;
  wr.cluster = o.cluster;
  wr.service = o.service;
  wr.target = st.target;
  wr.known_event_ids = event_ids(st.preflight.service);
  wr.containers = st.containers;
  wr.container = o.container;
  wr.previous_service_deployment = st.preflight.service.current_service_deployment;
  return wr;
}

OperationResult conclude_deploy(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                const DeployOptions& o, DeployState& st,
                                const WatchResult& watched) {
  OperationResult& res = st.result;
  const auto start = st.start;
  const std::string target_td = st.target.task_definition;
  RolloutTarget& target = st.target;
  if (!watched.service_deployment_arn.empty()) {
    res.service_deployment_arn = watched.service_deployment_arn;
    target.service_deployment_arn = watched.service_deployment_arn;
  }
  res.stages = watched.stages;
  if (watched.outcome == Outcome::Succeeded) {
    res.outcome = Outcome::Succeeded;
    res.running_task_definition = target_td;
    std::string verified = watched.last.desired == 0
                               ? "; desired count 0: no task ran, so nothing was verified"
                           : watched.settle_window.count() > 0
                               ? "; every task ran " + util::format_duration(watched.settle_window)
                               : "; no settle window";
    return finish(reporter, clock, start, res,
                  "deployed " + st.plan->new_image + " as " + short_td(target_td) +
                      (st.base_why.empty() || !res.registered_new_revision
                           ? ""
                           : " (a copy of " + short_td(st.plan->base.arn) + ")") +
                      " to " + o.service + " (" + std::to_string(watched.last.running) + "/" +
                      std::to_string(watched.last.desired) + " running" + verified + ") in " +
                      util::format_duration(
                          std::chrono::duration_cast<util::Duration>(clock.steady_now() - start)));
  }
  if (watched.outcome == Outcome::Paused || watched.outcome == Outcome::ReachedStage) {
    res.running_task_definition = target_td;
    return finish_waited_until(reporter, clock, start, res, watched, short_td(target_td));
  }
  if (watched.outcome != Outcome::RolloutFailed) {
    return finish_unjudged_watch(reporter, clock, start, res, watched, short_td(target_td),
                                 o.watch.timeout);
  }

  // Failed: evidence was shown while watching; now roll back if asked.
  res.outcome = Outcome::RolloutFailed;
  res.failure_reason = watched.verdict.reason;
  RecoveryRequest rr;
  rr.cluster = o.cluster;
  rr.service = o.service;
  rr.target = target;
  rr.verdict = watched.verdict;
  rr.rollback_on_failure = o.rollback_on_failure;
  rr.service_deployment_status = watched.service_deployment_status;
  rr.seen_event_ids = watched.seen_event_ids;
  rr.timeout = o.watch.timeout;
  rr.staged = watched.stages.has_value();
  // A rollback phase only when one runs: "rollback failed after 0s" for a rollback that was
  // off or never tried would be false (the summary says why none ran).
  std::optional<Phase> rb_phase;
  if (rollback_skip_reason(rr).empty()) {
    rb_phase.emplace(clock, reporter, "rollback", "Handling the failed rollout");
  }
  RecoveryResult rec = recover_failed_rollout(clients, clock, reporter, rr);
  if (rb_phase) {
    rb_phase->finish(rec.rolled_back);
  }
  res.rolled_back = rec.rolled_back;
  res.running_task_definition = rec.running_task_definition;
  const std::string& previous = st.preflight.service.task_definition;
  std::string summary =
      "rollout of " + short_td(target_td) + " failed: " + sentence(watched.verdict.reason) +
      " Before: " + short_td(previous) + "; failed: " + short_td(target_td) + "; now running: " +
      (rec.running_task_definition.empty() ? std::string("unknown")
                                           : short_td(rec.running_task_definition));
  if (!rec.detail.empty()) {
    summary += " (" + rec.detail + ")";
  }
  return finish(reporter, clock, start, res, summary);
}

OperationResult deploy(const Clients& clients, util::Clock& clock, Reporter& reporter,
                       const DeployOptions& options) {
  DeployOptions o = options;
  DeployState st = begin_deploy(clock, o);
  if (auto done = run_deploy_preflight(clients, clock, reporter, o, st)) {
    return std::move(*done);
  }
  keep_current_desired_count(o, st);
  if (auto done = choose_base_step(clients, clock, reporter, o, st)) {
    return std::move(*done);
  }
  if (auto done = plan_deploy_step(clock, reporter, o, st)) {
    return std::move(*done);
  }
  if (auto done = start_rollout(clients, clock, reporter, o, st)) {
    return std::move(*done);
  }
  Phase wait_phase(clock, reporter, "wait",
                   "Waiting for the rollout of " + short_td(st.target.task_definition));
  WatchResult watched = watch_rollout(clients, clock, reporter, watch_request(o, st), o.watch);
  st.result.timings.wait = wait_phase.finish(successful(watched.outcome));
  return conclude_deploy(clients, clock, reporter, o, st, watched);
}

}  // namespace engine
