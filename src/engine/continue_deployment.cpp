#include "engine/continue_deployment.h"

#include "engine/ecs_rollback.h"
#include "engine/lifecycle.h"
#include "engine/names.h"
#include "engine/phase.h"
#include "engine/preflight.h"
#include "engine/service_change.h"
#include "engine/service_revisions.h"
#include "services/arn.h"
#include "util/time.h"

namespace engine {

namespace {

std::string short_td(const std::string& arn) {
  return services::task_definition_short_name(arn);
}

std::string deployment_name(const services::ServiceDeployment& d) {
  return services::arn_last_component(d.arn);
}

// A hook run as ECS lists it (LifecycleHookRun) or as the watch saw it (HookRunView).
template <class HookRun>
std::string hook_text(const HookRun& h) {
  std::string out = h.hook_id;
  if (h.expires_at) {
    out += " (expires " + util::format_iso8601(*h.expires_at) +
           (h.timeout_action.empty() ? std::string() : ", then " + h.timeout_action) + ")";
  }
  return out;
}

template <class HookRun>
std::string joined_hooks(const std::vector<HookRun>& hooks) {
  std::string out;
  for (const auto& h : hooks) {
    out += (out.empty() ? "" : ", ") + hook_text(h);
  }
  return out;
}

std::string stage_text(const std::string& stage) {
  return stage.empty() ? std::string("no stage reported") : "stage " + stage;
}

// One continue run: what every step reads and the result it fills in.
struct Run {
  const Clients& clients;
  util::Clock& clock;
  Reporter& reporter;
  const ContinueOptions& o;
  std::chrono::steady_clock::time_point start;
  OperationResult res;

  OperationResult failed(const util::Error& e, const std::string& what) {
    return finish(reporter, clock, start, error_result(res, e), what + ": " + e.describe());
  }
  // Nothing to resume (or not the asked hook): exit 3, nothing was changed.
  OperationResult refused(std::string problem) {
    res.outcome = Outcome::PreflightFailed;
    res.problems = {std::move(problem)};
    return finish(reporter, clock, start, res,
                  "continue: " + res.problems[0] + "; nothing was changed",
                  {Hint{NextStep::FollowDeployment, o.cluster, o.service}});
  }
};

// The service deployment to resume: currentServiceDeployment, else the newest in progress.
util::Result<std::string> current_deployment_arn(const Clients& clients, const ContinueOptions& o,
                                                 const services::Service& svc) {
  if (!svc.current_service_deployment.empty()) {
    return svc.current_service_deployment;
  }
  services::ListServiceDeploymentsRequest req;
  req.cluster = o.cluster;
  req.service = o.service;
  req.statuses = {"IN_PROGRESS", "PENDING"};
  auto listed = clients.ecs.list_service_deployments(req);
  if (!listed) {
    return listed.take_error();
  }
  return listed->deployments.empty() ? std::string() : listed->deployments.front().arn;
}

// Target and source task definitions of `d`: one DescribeServiceRevisions.
struct Revisions {
  std::string target;
  std::string source;
};
util::Result<Revisions> revisions_of(const Clients& clients, const services::ServiceDeployment& d) {
  std::vector<services::ServiceDeploymentBrief> briefs(1);
  briefs[0].target_service_revision_arn = d.target_revision.arn;
  if (!d.source_revisions.empty()) {
    briefs.emplace_back().target_service_revision_arn = d.source_revisions.front().arn;
  }
  auto td_of = task_definitions_of_targets(clients, briefs);
  if (!td_of) {
    return td_of.take_error();
  }
  Revisions out;
  out.target = (*td_of)[d.target_revision.arn];
  if (!d.source_revisions.empty()) {
    out.source = (*td_of)[d.source_revisions.front().arn];
  }
  return out;
}

// How a CONTINUE ends once the watch has judged the deployment.
OperationResult conclude_continue(Run& run, const RolloutTarget& rt, const WatchResult& w,
                                  const std::string& continued) {
  OperationResult& res = run.res;
  res.running_task_definition = w.last.task_definition;
  res.stages = w.stages;  // where the deployment stands (JSON, GitHub outputs)
  switch (w.outcome) {
    case Outcome::Succeeded:
      res.outcome = Outcome::Succeeded;
      return finish(run.reporter, run.clock, run.start, res,
                    continued + "; the deployment of " + short_td(rt.task_definition) +
                        " completed (SUCCESSFUL)");
    case Outcome::Paused: {
      res.outcome = Outcome::Paused;
      std::string again = "paused again";
      if (w.stages) {  // the watch's last look at the deployment already shows the pause
        auto hooks = awaiting_pause_hooks(*w.stages);
        if (!hooks.empty()) {
          again += " at " + stage_text(w.stages->stage) + ", hook " + joined_hooks(hooks);
        }
      }
      return finish(run.reporter, run.clock, run.start, res, continued + "; " + again,
                    {Hint{NextStep::ContinueDeployment, run.o.cluster, run.o.service},
                     Hint{NextStep::RejectDeployment, run.o.cluster, run.o.service}});
    }
    case Outcome::ReachedStage:
      res.outcome = Outcome::ReachedStage;
      return finish(run.reporter, run.clock, run.start, res,
                    continued + "; the deployment reached " + run.o.watch.wait_until.stage +
                        " and goes on in ECS",
                    {Hint{NextStep::FollowDeployment, run.o.cluster, run.o.service}});
    case Outcome::RolloutFailed:
      res.outcome = Outcome::RolloutFailed;
      res.failure_reason = w.verdict.reason;
      res.rolled_back = w.verdict.rolled_back_by_ecs;
      return finish(run.reporter, run.clock, run.start, res,
                    continued + " but the deployment of " + short_td(rt.task_definition) +
                        " failed: " + w.verdict.reason);
    default:
      return finish_unjudged_watch(run.reporter, run.clock, run.start, res, w,
                                   "the deployment of " + short_td(rt.task_definition),
                                   run.o.watch.timeout);
  }
}

}  // namespace

std::variant<services::LifecycleHookRun, std::string> choose_hook(
    const services::ServiceDeployment& d, const std::optional<std::string>& hook_id) {
  const auto awaiting = awaiting_pause_hooks(d);
  const std::string name = "deployment " + deployment_name(d);
  if (awaiting.empty()) {
    if (terminal_deployment_status(d.status)) {
      return name + " has already ended " + d.status + "; no hook awaits action";
    }
    return "no pause hook awaits action on " + name + " (status " +
           (d.status.empty() ? std::string("unknown") : d.status) + ", " +
           stage_text(d.lifecycle_stage) + ")";
  }
  if (hook_id) {
    for (const auto& h : awaiting) {
      if (h.hook_id == *hook_id) {
        return h;
      }
    }
    return "hook " + *hook_id + " does not await action on " + name +
           "; awaiting: " + joined_hooks(awaiting);
  }
  if (awaiting.size() > 1) {
    return std::to_string(awaiting.size()) + " pause hooks await action on " + name + ": " +
           joined_hooks(awaiting) + "; name one";
  }
  return awaiting.front();
}

OperationResult continue_deployment(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                    const ContinueOptions& o) {
  Run run{clients,
          clock,
          reporter,
          o,
          clock.steady_now(),
          begin_result("continue", o.cluster, o.service, o.dry_run)};
  OperationResult& res = run.res;
  if (!is_valid_resource_name(o.cluster) || !is_valid_resource_name(o.service)) {
    util::Error e =
        util::make_error(util::ErrorKind::InvalidInput, "invalid cluster or service name");
    return run.failed(e, "continue");
  }
  services::Service svc;
  if (auto done = preflight_service_as_is(clients, clock, reporter, run.start, res,
                                          o.expected_account, svc)) {
    return std::move(*done);
  }

  auto arn = current_deployment_arn(clients, o, svc);
  if (!arn) {
    return run.failed(arn.error(), "listing the service deployments failed");
  }
  if (arn->empty()) {
    return run.refused("no service deployment is in progress on " + o.service);
  }
  auto sds = clients.ecs.describe_service_deployments({*arn});
  if (!sds) {
    return run.failed(sds.error(), "DescribeServiceDeployments failed");
  }
  if (sds->deployments.empty()) {
    return run.refused("service deployment " + services::arn_last_component(*arn) +
                       " cannot be described");
  }
  const services::ServiceDeployment& sd = sds->deployments[0];
  auto chosen = choose_hook(sd, o.hook_id);
  if (auto* problem = std::get_if<std::string>(&chosen)) {
    return run.refused(*problem);
  }
  const services::LifecycleHookRun hook = std::get<services::LifecycleHookRun>(chosen);
  auto revs = revisions_of(clients, sd);
  if (!revs) {
    return run.failed(revs.error(), "DescribeServiceRevisions failed");
  }
  const std::string action = o.rollback ? "ROLLBACK" : "CONTINUE";
  res.service_deployment_arn = sd.arn;
  res.task_definition = revs->target;
  res.base_task_definition = o.rollback ? revs->source : revs->target;

  PlanReady plan;
  plan.command = "continue";
  plan.cluster = o.cluster;
  plan.service = o.service;
  plan.current_task_definition = svc.task_definition;
  plan.base_task_definition = res.base_task_definition;
  plan.current_desired = plan.new_desired = svc.desired;
  plan.reuse_revision = true;
  plan.dry_run = o.dry_run;
  reporter.on(plan);
  const std::string paused = "deployment " + deployment_name(sd) + " of " + short_td(revs->target) +
                             " is paused at " + stage_text(sd.lifecycle_stage) + ", hook " +
                             hook_text(hook);
  reporter.on(Message{Severity::Notice, paused + ": resuming it with " + action});
  if (o.dry_run) {
    res.outcome = Outcome::Succeeded;
    return finish(reporter, clock, run.start, res,
                  "dry run: would continue hook " + hook.hook_id + " of deployment " +
                      deployment_name(sd) + " with " + action + "; nothing was changed");
  }
  if (o.rollback) {
    reporter.on(RollbackStarted{"rollback requested at hook " + hook.hook_id, revs->target,
                                revs->source, "ContinueServiceDeployment(ROLLBACK)"});
  }
  auto resumed = clients.ecs.continue_service_deployment(sd.arn, hook.hook_id, action);
  if (!resumed) {
    return run.failed(resumed.error(), "ContinueServiceDeployment failed");
  }
  const std::string continued = "continued hook " + hook.hook_id + " with " + action;
  if (o.rollback) {
    EcsRollbackWait wait;
    wait.cluster = o.cluster;
    wait.service = o.service;
    wait.service_deployment_arn = sd.arn;
    wait.returns_to = revs->source;
    wait.known_event_ids = event_ids(svc);
    wait.timeout = o.watch.timeout;
    wait.done = "rolled back deployment " + deployment_name(sd) + " at hook " + hook.hook_id;
    return finish_ecs_rollback(clients, clock, reporter, run.start, res, wait);
  }
  RolloutTarget rt;
  rt.task_definition = revs->target;
  rt.service_deployment_arn = sd.arn;
  rt.previous_task_definition = revs->source;
  for (const auto& d : svc.deployments) {
    if (d.task_definition == revs->target && rt.deployment_id.empty()) {
      rt.deployment_id = d.id;
    }
  }
  WatchRequest wr;
  wr.cluster = o.cluster;
  wr.service = o.service;
  wr.target = rt;
  wr.known_event_ids = event_ids(svc);
  wr.previous_service_deployment = sd.arn;
  if (auto td = clients.ecs.describe_task_definition(revs->target)) {
    wr.containers = td->containers;
  }
  Phase wait_phase(clock, reporter, "wait",
                   "Waiting for the deployment of " + short_td(rt.task_definition));
  WatchResult w = watch_rollout(clients, clock, reporter, wr, o.watch);
  res.timings.wait = wait_phase.finish(successful(w.outcome));
  res.error = w.error;
  return conclude_continue(run, rt, w, continued);
}

}  // namespace engine
