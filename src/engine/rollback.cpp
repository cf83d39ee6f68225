#include "engine/rollback.h"

#include <variant>

#include "engine/continue_deployment.h"
#include "engine/ecs_rollback.h"
#include "engine/image_swap.h"
#include "engine/last_good.h"
#include "engine/names.h"
#include "engine/phase.h"
#include "engine/preflight.h"
#include "engine/recovery.h"
#include "engine/rollback_target.h"
#include "engine/service_change.h"
#include "engine/watch.h"
#include "services/arn.h"

namespace engine {

namespace {

constexpr int k_history_depth = 20;
constexpr int k_earlier_revisions = 10;

std::string short_td(const std::string& arn) {
  return services::task_definition_short_name(arn);
}

bool has_deploy_tag(const std::vector<services::Tag>& tags) {
  for (const auto& t : tags) {
    if (t.key == k_tag_image) {
      return true;
    }
  }
  return false;
}

// Up to k_earlier_revisions revisions of the family older than `current`, newest first.
util::Result<std::vector<EarlierRevision>> earlier_revisions(const Clients& clients,
                                                             const std::string& family,
                                                             int current_revision) {
  services::ListTaskDefinitionsRequest req;
  req.family_prefix = family;
  req.newest_first = true;
  req.max_results = k_earlier_revisions + 1;
  auto listed = clients.ecs.list_task_definitions(req);
  if (!listed) {
    return listed.take_error();
  }
  std::vector<EarlierRevision> out;
  for (const auto& arn : listed->arns) {
    auto fr = services::parse_task_definition_ref(arn);
    if (!fr || fr->revision >= current_revision) {
      continue;
    }
    auto td = clients.ecs.describe_task_definition(arn);
    if (!td) {
      return td.take_error();
    }
    out.push_back({arn, fr->revision, has_deploy_tag(td->tags)});
    if (out.back().deployed_by_ecsdeploy) {
      break;  // the fallback needs nothing older
    }
  }
  return out;
}

std::string container_image(const services::TaskDefinition& td, const std::string& container) {
  for (const auto& c : td.containers) {
    if (container.empty() || c.name == container) {
      return c.image;
    }
  }
  return {};
}

// The plan of a rollback of `svc` back to `returns_to` (the count stays as it is).
PlanReady rollback_plan(const RollbackOptions& o, const services::Service& svc,
                        const std::string& returns_to) {
  PlanReady plan;
  plan.command = "rollback";
  plan.cluster = o.cluster;
  plan.service = o.service;
  plan.current_task_definition = svc.task_definition;
  plan.base_task_definition = returns_to;
  plan.current_desired = plan.new_desired = svc.desired;
  plan.dry_run = o.dry_run;
  return plan;
}

// One rollback run: what every step reads and the result it fills in.
struct Run {
  const Clients& clients;
  util::Clock& clock;
  Reporter& reporter;
  const RollbackOptions& o;
  std::chrono::steady_clock::time_point start;
  OperationResult res;

  OperationResult fail_with(const util::Error& e, std::string summary) {
    return finish(reporter, clock, start, error_result(res, e), std::move(summary));
  }
  // A target that cannot be used: a preflight problem, nothing was changed.
  OperationResult refuse(std::string problem, Hints next = {}) {
    res.outcome = Outcome::PreflightFailed;
    res.problems = {std::move(problem)};
    return finish(reporter, clock, start, res, res.problems[0] + "; nothing was changed",
                  std::move(next));
  }
};

// The revision to return to and why it was chosen.
struct Choice {
  std::string task_definition;
  std::string reason;
};

// --to-tag: redeploying a tag is a deploy that keeps the service's desired count; the new
// revision copies the one that last ran well (o.base).
OperationResult rollback_to_tag(const Clients& clients, util::Clock& clock, Reporter& reporter,
                                const RollbackOptions& o) {
  DeployOptions d;
  d.cluster = o.cluster;
  d.service = o.service;
  d.container = o.container;
  d.image_tag = *o.to_tag;
  d.keep_desired_count = true;
  d.expected_account = o.expected_account;
  d.wait = o.wait;
  d.dry_run = o.dry_run;
  d.metadata = o.metadata;
  d.watch = o.watch;
  d.base = o.base;
  reporter.on(Message{Severity::Notice, "rolling back by deploying image tag '" + *o.to_tag + "'"});
  OperationResult r = deploy(clients, clock, reporter, d);
  r.command = "rollback";
  return r;
}

// A deployment in flight is stopped with ROLLBACK: ECS returns to what ran before it. One
// paused at a PAUSE hook is rolled back through that hook (ContinueServiceDeployment), as ECS
// expects of a paused deployment. nullopt when none is in flight (the rollback then chooses a
// revision).
StepResult stop_in_flight(Run& run, const services::Service& svc) {
  const RollbackOptions& o = run.o;
  if (o.to_revision || svc.current_service_deployment.empty() || !deployment_in_progress(svc)) {
    return std::nullopt;
  }
  auto sds = run.clients.ecs.describe_service_deployments({svc.current_service_deployment});
  if (!sds || sds->deployments.empty() ||
      (sds->deployments[0].status != "IN_PROGRESS" && sds->deployments[0].status != "PENDING")) {
    return std::nullopt;
  }
  const auto awaiting = awaiting_pause_hooks(sds->deployments[0]);
  const std::string hook_id = awaiting.empty() ? std::string() : awaiting.front().hook_id;
  const std::string method =
      hook_id.empty() ? "StopServiceDeployment(ROLLBACK)" : "ContinueServiceDeployment(ROLLBACK)";
  const std::string what = hook_id.empty() ? "a deployment of " + short_td(svc.task_definition) +
                                                 " is in progress: stopping it with ROLLBACK"
                                           : "a deployment of " + short_td(svc.task_definition) +
                                                 " is paused at hook " + hook_id +
                                                 ": rolling it back through the hook";
  // What the service ran before: the deployment the new one replaces.
  std::string returns_to;
  for (const auto& d : svc.deployments) {
    if (d.status == "ACTIVE" && returns_to.empty()) {
      returns_to = d.task_definition;
    }
  }
  const std::string to_text =
      returns_to.empty() ? std::string("what ran before it") : short_td(returns_to);
  PlanReady plan = rollback_plan(o, svc, returns_to);
  run.res.base_task_definition = returns_to;
  run.reporter.on(plan);
  run.reporter.on(Message{Severity::Notice, what + " (" + method + "); ECS returns to " + to_text});
  if (o.dry_run) {
    run.res.outcome = Outcome::Succeeded;
    return finish(run.reporter, run.clock, run.start, run.res,
                  "dry run: would roll back the " +
                      std::string(hook_id.empty() ? "in-flight" : "paused") + " deployment of " +
                      short_td(svc.task_definition) + " with " + method + " (back to " + to_text +
                      "); nothing was changed");
  }
  run.reporter.on(RollbackStarted{"rollback requested", svc.task_definition, returns_to, method});
  auto sent = hook_id.empty() ? run.clients.ecs.stop_service_deployment(
                                    svc.current_service_deployment, "ROLLBACK")
                              : run.clients.ecs.continue_service_deployment(
                                    svc.current_service_deployment, hook_id, "ROLLBACK");
  if (!sent) {
    return run.fail_with(sent.error(), method + " failed: " + sent.error().describe());
  }
  run.res.service_deployment_arn = svc.current_service_deployment;
  const std::string done = hook_id.empty() ? "stopped the in-flight deployment"
                                           : "rolled back the paused deployment at hook " + hook_id;
  if (!o.wait) {
    run.res.outcome = Outcome::Succeeded;
    return finish(run.reporter, run.clock, run.start, run.res,
                  done + " (" + method + "); not waiting for ECS's rollback",
                  {Hint{NextStep::FollowDeployment, o.cluster, o.service}});
  }
  EcsRollbackWait wait;
  wait.cluster = o.cluster;
  wait.service = o.service;
  wait.service_deployment_arn = svc.current_service_deployment;
  wait.returns_to = returns_to;
  wait.known_event_ids = event_ids(svc);
  wait.timeout = o.watch.timeout;
  wait.done = done + " (" + method + ")";
  return finish_ecs_rollback(run.clients, run.clock, run.reporter, run.start, run.res, wait);
}

// Without --to-revision: the revision of the last successful service deployment before the
// current one (skipping deregistered ones), else the newest earlier revision we deployed.
std::variant<Choice, OperationResult> choose_target(Run& run, const services::Service& svc,
                                                    const services::FamilyRevision& current) {
  const RollbackOptions& o = run.o;
  if (o.to_revision) {
    return Choice{current.family + ":" + std::to_string(*o.to_revision),
                  "revision " + std::to_string(*o.to_revision) + " as asked"};
  }
  std::vector<PastDeployment> deployments;
  if (!svc.current_service_deployment.empty()) {
    auto past = fetch_past_deployments(run.clients, o.cluster, o.service, k_history_depth);
    if (past) {
      deployments = std::move(*past);
    } else {
      run.reporter.on(Message{Severity::Warning, "service deployment history unavailable (" +
                                                     past.error().describe() + ")"});
    }
  }
  auto choice =
      choose_rollback_target(svc.task_definition, svc.current_service_deployment, deployments, {});
  // Deployment history may name revisions deregistered since (Terraform deregisters old
  // revisions by default): mark each such choice and choose again.
  for (size_t tries = 0; choice && tries < deployments.size(); ++tries) {
    auto td = run.clients.ecs.describe_task_definition(choice->task_definition);
    if (!td || td->status != "INACTIVE") {
      break;
    }
    for (auto& d : deployments) {
      if (d.task_definition == choice->task_definition) {
        d.revision_inactive = true;
      }
    }
    choice = choose_rollback_target(svc.task_definition, svc.current_service_deployment,
                                    deployments, {});
  }
  if (!choice) {
    auto earlier = earlier_revisions(run.clients, current.family, current.revision);
    if (!earlier) {
      return run.fail_with(earlier.error(),
                           "listing earlier revisions failed: " + earlier.error().describe());
    }
    choice = choose_rollback_target(svc.task_definition, svc.current_service_deployment,
                                    deployments, *earlier);
  }
  if (!choice) {
    return run.refuse("rollback: no earlier revision of " + current.family + " to go back to");
  }
  return Choice{choice->task_definition, choice->reason};
}

// The rollback's own ending once the watch has judged the rollout of `target_td`.
OperationResult conclude(Run& run, const services::Service& svc, const Choice& target,
                         const RolloutTarget& rt, const WatchResult& w, const std::string& images) {
  const RollbackOptions& o = run.o;
  if (w.outcome == Outcome::Succeeded) {
    run.res.outcome = Outcome::Succeeded;
    run.res.rolled_back = true;
    run.res.running_task_definition = target.task_definition;
    return finish(run.reporter, run.clock, run.start, run.res,
                  "rolled back " + o.service + " from " + short_td(svc.task_definition) + " to " +
                      short_td(target.task_definition) + " (" + target.reason + ")" + images);
  }
  if (w.outcome != Outcome::RolloutFailed) {
    return finish_unjudged_watch(run.reporter, run.clock, run.start, run.res, w,
                                 "the rollback to " + short_td(target.task_definition),
                                 o.watch.timeout);
  }
  run.res.outcome = Outcome::RolloutFailed;
  run.res.failure_reason = w.verdict.reason;
  RecoveryRequest rr;
  rr.cluster = o.cluster;
  rr.service = o.service;
  rr.target = rt;
  rr.verdict = w.verdict;
  rr.rollback_on_failure = false;  // never roll back a rollback
  rr.seen_event_ids = w.seen_event_ids;
  rr.timeout = o.watch.timeout;
  RecoveryResult rec = recover_failed_rollout(run.clients, run.clock, run.reporter, rr);
  run.res.running_task_definition = rec.running_task_definition;
  return finish(run.reporter, run.clock, run.start, run.res,
                "rollback to " + short_td(target.task_definition) + " failed: " + w.verdict.reason +
                    "; now running: " +
                    (rec.running_task_definition.empty() ? std::string("unknown")
                                                         : short_td(rec.running_task_definition)));
}

}  // namespace

OperationResult rollback(const Clients& clients, util::Clock& clock, Reporter& reporter,
                         const RollbackOptions& o) {
  Run run{clients,
          clock,
          reporter,
          o,
          clock.steady_now(),
          begin_result("rollback", o.cluster, o.service, o.dry_run)};
  OperationResult& res = run.res;
  if (!is_valid_resource_name(o.cluster) || !is_valid_resource_name(o.service)) {
    util::Error e =
        util::make_error(util::ErrorKind::InvalidInput, "invalid cluster or service name");
    return run.fail_with(e, e.message);
  }
  if (o.to_tag && o.to_revision) {
    util::Error e = util::make_error(util::ErrorKind::InvalidInput,
                                     "give at most one target: a revision or an image tag");
    return run.fail_with(e, e.message);
  }
  if (o.to_tag) {
    return rollback_to_tag(clients, clock, reporter, o);
  }

  services::Service svc;
  if (auto done = preflight_service_as_is(clients, clock, reporter, run.start, res,
                                          o.expected_account, svc)) {
    return std::move(*done);
  }
  if (auto done = stop_in_flight(run, svc)) {
    return std::move(*done);
  }

  auto current_ref = services::parse_task_definition_ref(svc.task_definition);
  if (!current_ref) {
    util::Error e = util::make_error(
        util::ErrorKind::ProtocolError,
        "cannot parse the service's task definition '" + svc.task_definition + "'");
    return run.fail_with(e, e.message);
  }
  auto chosen = choose_target(run, svc, *current_ref);
  if (auto* done = std::get_if<OperationResult>(&chosen)) {
    return std::move(*done);
  }
  Choice choice = std::get<Choice>(std::move(chosen));
  auto target = clients.ecs.describe_task_definition(choice.task_definition);
  if (!target) {
    return run.refuse("rollback: revision " + short_td(choice.task_definition) +
                      " cannot be described: " + target.error().describe());
  }
  if (target->status == "INACTIVE") {
    // ECS refuses to start tasks from a deregistered revision: fail before changing anything.
    return run.refuse("rollback: revision " + short_td(target->arn) +
                          " is INACTIVE (deregistered); ECS cannot start tasks from it: pick an "
                          "ACTIVE revision",
                      {Hint{NextStep::ListRevisions}});
  }
  choice.task_definition = target->arn;
  const std::string& target_td = choice.task_definition;
  if (target_td == svc.task_definition) {
    res.outcome = Outcome::Succeeded;
    res.task_definition = res.running_task_definition = target_td;
    return finish(reporter, clock, run.start, res,
                  "the service already runs " + short_td(target_td) + "; nothing to do");
  }
  res.task_definition = res.base_task_definition = target_td;
  res.image = container_image(*target, o.container);
  // The "before" image: what the service runs now (unknown when it cannot be described).
  if (auto before = clients.ecs.describe_task_definition(svc.task_definition)) {
    res.previous_image = container_image(*before, o.container);
  }
  const std::string images = res.previous_image.empty() || res.previous_image == res.image
                                 ? ""
                                 : "; image " + res.previous_image + " -> " + res.image;
  PlanReady plan = rollback_plan(o, svc, target_td);
  plan.container = o.container;
  plan.current_image = res.previous_image;
  plan.new_image = res.image;
  plan.reuse_revision = true;
  reporter.on(plan);
  reporter.on(Message{Severity::Notice, "rolling back from " + short_td(svc.task_definition) +
                                            " to " + short_td(target_td) + ": " + choice.reason});
  if (o.dry_run) {
    res.outcome = Outcome::Succeeded;
    return finish(reporter, clock, run.start, res,
                  "dry run: would roll back from " + short_td(svc.task_definition) + " to " +
                      short_td(target_td) + " (" + choice.reason + ")" + images +
                      "; nothing was changed");
  }

  auto updated = send_service_change(clients, clock, reporter, o.cluster, o.service, svc,
                                     {target_td, std::nullopt, /*force_new_deployment=*/false},
                                     "Updating service " + o.service, res.timings.update);
  if (!updated) {
    return run.fail_with(updated.error(), "UpdateService failed: " + updated.error().describe());
  }
  const RolloutTarget rt = *updated;
  res.service_deployment_arn = rt.service_deployment_arn;
  if (!o.wait) {
    res.outcome = Outcome::Succeeded;
    return finish(reporter, clock, run.start, res,
                  "rollback to " + short_td(target_td) + " started (not waiting)",
                  {Hint{NextStep::FollowDeployment, o.cluster, o.service}});
  }
  Phase wait_phase(clock, reporter, "wait", "Waiting for the rollout of " + short_td(target_td));
  WatchRequest wr;
  wr.cluster = o.cluster;
  wr.service = o.service;
  wr.target = rt;
  wr.known_event_ids = event_ids(svc);
  wr.containers = target->containers;
  wr.container = o.container;
  wr.previous_service_deployment = svc.current_service_deployment;
  WatchResult w = watch_rollout(clients, clock, reporter, wr, o.watch);
  res.timings.wait = wait_phase.finish(successful(w.outcome));
  res.error = w.error;
  return conclude(run, svc, choice, rt, w, images);
}

}  // namespace engine
