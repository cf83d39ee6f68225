#include "engine/rollback.h"

#include "engine/image_swap.h"
#include "engine/last_good.h"
#include "engine/names.h"
#include "engine/phase.h"
#include "engine/preflight.h"
#include "engine/recovery.h"
#include "engine/rollback_target.h"
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

}  // namespace

OperationResult rollback(const Clients& clients, util::Clock& clock, Reporter& reporter,
                         const RollbackOptions& o) {
  const auto start = clock.steady_now();
  OperationResult res = begin_result("rollback", o.cluster, o.service, o.dry_run);
  auto fail_with = [&](const util::Error& e, std::string summary) {
    return finish(reporter, clock, start, error_result(res, e), std::move(summary));
  };
  if (!is_valid_resource_name(o.cluster) || !is_valid_resource_name(o.service)) {
    util::Error e =
        util::make_error(util::ErrorKind::InvalidInput, "invalid cluster or service name");
    return fail_with(e, e.message);
  }
  if (o.to_tag && o.to_revision) {
    util::Error e = util::make_error(util::ErrorKind::InvalidInput,
                                     "give at most one target: a revision or an image tag");
    return fail_with(e, e.message);
  }

  if (o.to_tag) {
    // Redeploying a tag is a deploy; keep the service's current desired count.
    DeployOptions d;
    d.cluster = o.cluster;
    d.service = o.service;
    d.container = o.container;
    d.image_tag = *o.to_tag;
    d.expected_account = o.expected_account;
    d.wait = o.wait;
    d.dry_run = o.dry_run;
    d.metadata = o.metadata;
    d.watch = o.watch;
    d.base = o.base;
    auto current = clients.ecs.describe_services(o.cluster, {o.service});
    if (current && !current->services.empty()) {
      d.desired_count = current->services.front().desired;
    }
    reporter.on(
        Message{Severity::Notice, "rolling back by deploying image tag '" + *o.to_tag + "'"});
    OperationResult r = deploy(clients, clock, reporter, d);
    r.command = "rollback";
    return r;
  }

  PreflightInput in;
  in.cluster = o.cluster;
  in.service = o.service;
  in.expected_account = o.expected_account;
  in.require_idle = false;
  in.need_task_definition = false;
  Phase pre_phase(clock, reporter, "preflight", "Preflight checks");
  PreflightResult pre = run_preflight(clients, reporter, in);
  res.timings.preflight = pre_phase.finish(pre.ok());
  if (!pre.ok()) {
    res.outcome = Outcome::PreflightFailed;
    res.problems = pre.problems();
    return finish(reporter, clock, start, res,
                  "preflight failed (" + std::to_string(res.problems.size()) +
                      " problem(s)); nothing was changed",
                  pre.hints());
  }
  const services::Service svc = pre.service;
  res.previous_task_definition = svc.task_definition;
  res.previous_desired_count = svc.desired;
  res.desired_count = svc.desired;
  std::set<std::string> seen;
  for (const auto& e : svc.events) {
    seen.insert(e.id);
  }
  const bool have_sd = !svc.current_service_deployment.empty();

  // An in-flight deployment is stopped with ROLLBACK: ECS returns to what ran before it.
  if (!o.to_revision && have_sd && deployment_in_progress(svc)) {
    auto sds = clients.ecs.describe_service_deployments({svc.current_service_deployment});
    if (sds && !sds->deployments.empty() &&
        (sds->deployments[0].status == "IN_PROGRESS" || sds->deployments[0].status == "PENDING")) {
      // ECS returns to what the service ran before: the deployment the new one replaces.
      std::string returns_to;
      for (const auto& d : svc.deployments) {
        if (d.status == "ACTIVE" && returns_to.empty()) {
          returns_to = d.task_definition;
        }
      }
      const std::string to_text =
          returns_to.empty() ? std::string("what ran before it") : short_td(returns_to);
      PlanReady plan;
      plan.command = "rollback";
      plan.cluster = o.cluster;
      plan.service = o.service;
      plan.current_task_definition = svc.task_definition;
      plan.base_task_definition = returns_to;
      plan.current_desired = plan.new_desired = svc.desired;
      plan.dry_run = o.dry_run;
      res.base_task_definition = returns_to;
      reporter.on(plan);
      reporter.on(Message{Severity::Notice,
                          "a deployment of " + short_td(svc.task_definition) +
                              " is in progress: stopping it with ROLLBACK; ECS returns to " +
                              to_text});
      if (o.dry_run) {
        res.outcome = Outcome::Succeeded;
        return finish(reporter, clock, start, res,
                      "dry run: would stop the in-flight deployment of " +
                          short_td(svc.task_definition) + " with ROLLBACK (back to " + to_text +
                          "); nothing was changed");
      }
      reporter.on(RollbackStarted{"rollback requested", svc.task_definition, "",
                                  "StopServiceDeployment(ROLLBACK)"});
      auto stopped =
          clients.ecs.stop_service_deployment(svc.current_service_deployment, "ROLLBACK");
      if (!stopped) {
        return fail_with(stopped.error(),
                         "StopServiceDeployment failed: " + stopped.error().describe());
      }
      res.service_deployment_arn = svc.current_service_deployment;
      if (!o.wait) {
        res.outcome = Outcome::Succeeded;
        return finish(reporter, clock, start, res,
                      "rollback of the in-flight deployment requested");
      }
      Phase wait_phase(clock, reporter, "wait", "Waiting for the rollback");
      WatchResult w = wait_until_settled(clients, clock, reporter, o.cluster, o.service, "", seen,
                                         o.watch.timeout);
      res.timings.wait = wait_phase.finish(w.outcome == Outcome::Succeeded);
      res.outcome = w.outcome;
      res.error = w.error;
      res.rolled_back = w.outcome == Outcome::Succeeded;
      res.running_task_definition = res.task_definition = w.last.task_definition;
      return finish(
          reporter, clock, start, res,
          w.outcome == Outcome::Succeeded
              ? "stopped the in-flight deployment; " + short_td(w.last.task_definition) +
                    " runs again"
              : "rollback requested; waiting ended: " + std::string(to_string(w.outcome)));
    }
  }

  // Choose the target revision.
  auto current_ref = services::parse_task_definition_ref(svc.task_definition);
  if (!current_ref) {
    util::Error e = util::make_error(
        util::ErrorKind::ProtocolError,
        "cannot parse the service's task definition '" + svc.task_definition + "'");
    return fail_with(e, e.message);
  }
  std::string target_td;
  std::string reason;
  if (o.to_revision) {
    target_td = current_ref->family + ":" + std::to_string(*o.to_revision);
    reason = "revision " + std::to_string(*o.to_revision) + " as asked";
  } else {
    std::vector<PastDeployment> deployments;
    if (have_sd) {
      auto past = fetch_past_deployments(clients, o.cluster, o.service, k_history_depth);
      if (past) {
        deployments = std::move(*past);
      } else {
        reporter.on(Message{Severity::Warning, "service deployment history unavailable (" +
                                                   past.error().describe() + ")"});
      }
    }
    auto choice = choose_rollback_target(svc.task_definition, svc.current_service_deployment,
                                         deployments, {});
    // Deployment history may name revisions deregistered since (Terraform deregisters old
    // revisions by default): mark each such choice and choose again.
    for (size_t tries = 0; choice && tries < deployments.size(); ++tries) {
      auto td = clients.ecs.describe_task_definition(choice->task_definition);
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
      auto earlier = earlier_revisions(clients, current_ref->family, current_ref->revision);
      if (!earlier) {
        return fail_with(earlier.error(),
                         "listing earlier revisions failed: " + earlier.error().describe());
      }
      choice = choose_rollback_target(svc.task_definition, svc.current_service_deployment,
                                      deployments, *earlier);
    }
    if (!choice) {
      res.outcome = Outcome::PreflightFailed;
      res.problems = {"rollback: no earlier revision of " + current_ref->family + " to go back to"};
      return finish(reporter, clock, start, res, res.problems[0] + "; nothing was changed");
    }
    target_td = choice->task_definition;
    reason = choice->reason;
  }
  auto target = clients.ecs.describe_task_definition(target_td);
  if (!target) {
    res.outcome = Outcome::PreflightFailed;
    res.problems = {"rollback: revision " + short_td(target_td) +
                    " cannot be described: " + target.error().describe()};
    return finish(reporter, clock, start, res, res.problems[0] + "; nothing was changed");
  }
  if (target->status == "INACTIVE") {
    // ECS refuses to start tasks from a deregistered revision: fail before changing anything.
    res.outcome = Outcome::PreflightFailed;
    res.problems = {"rollback: revision " + short_td(target->arn) +
                    " is INACTIVE (deregistered); ECS cannot start tasks from it: pick an ACTIVE "
                    "revision"};
    return finish(reporter, clock, start, res, res.problems[0] + "; nothing was changed",
                  {Hint{NextStep::ListRevisions}});
  }
  target_td = target->arn;
  if (target_td == svc.task_definition) {
    res.outcome = Outcome::Succeeded;
    res.task_definition = res.running_task_definition = target_td;
    return finish(reporter, clock, start, res,
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
  PlanReady plan;
  plan.command = "rollback";
  plan.cluster = o.cluster;
  plan.service = o.service;
  plan.current_task_definition = svc.task_definition;
  plan.base_task_definition = target_td;
  plan.container = o.container;
  plan.current_image = res.previous_image;
  plan.new_image = res.image;
  plan.current_desired = plan.new_desired = svc.desired;
  plan.reuse_revision = true;
  plan.dry_run = o.dry_run;
  reporter.on(plan);
  reporter.on(Message{Severity::Notice, "rolling back from " + short_td(svc.task_definition) +
                                            " to " + short_td(target_td) + ": " + reason});
  if (o.dry_run) {
    res.outcome = Outcome::Succeeded;
    return finish(reporter, clock, start, res,
                  "dry run: would roll back from " + short_td(svc.task_definition) + " to " +
                      short_td(target_td) + " (" + reason + ")" + images + "; nothing was changed");
  }

  Phase upd_phase(clock, reporter, "update", "Updating service " + o.service);
  services::UpdateServiceRequest update;
  update.cluster = o.cluster;
  update.service = o.service;
  update.task_definition = target_td;
  auto updated = clients.ecs.update_service(update);
  res.timings.update = upd_phase.finish(updated.ok());
  if (!updated) {
    return fail_with(updated.error(), "UpdateService failed: " + updated.error().describe());
  }
  RolloutTarget rt;
  rt.task_definition = target_td;
  rt.previous_task_definition = svc.task_definition;
  for (const auto& d : updated->deployments) {
    if (d.status == "PRIMARY" && d.task_definition == target_td) {
      rt.deployment_id = d.id;
    }
  }
  if (!updated->current_service_deployment.empty() &&
      updated->current_service_deployment != svc.current_service_deployment) {
    rt.service_deployment_arn = updated->current_service_deployment;
  }
  res.service_deployment_arn = rt.service_deployment_arn;
  reporter.on(ServiceUpdated{target_td, svc.desired, rt.service_deployment_arn, rt.deployment_id});
  if (!o.wait) {
    res.outcome = Outcome::Succeeded;
    return finish(reporter, clock, start, res,
                  "rollback to " + short_td(target_td) + " started (not waiting)");
  }
  Phase wait_phase(clock, reporter, "wait", "Waiting for the rollout of " + short_td(target_td));
  WatchRequest wr;
  wr.cluster = o.cluster;
  wr.service = o.service;
  wr.target = rt;
  wr.known_event_ids = seen;
  wr.containers = target->containers;
  wr.container = o.container;
  wr.previous_service_deployment = svc.current_service_deployment;
  WatchResult w = watch_rollout(clients, clock, reporter, wr, o.watch);
  res.timings.wait = wait_phase.finish(w.outcome == Outcome::Succeeded);
  res.outcome = w.outcome;
  res.error = w.error;
  const Hints follow{Hint{NextStep::FollowDeployment, o.cluster, o.service}};
  switch (w.outcome) {
    case Outcome::Succeeded:
      res.rolled_back = true;
      res.running_task_definition = target_td;
      return finish(reporter, clock, start, res,
                    "rolled back " + o.service + " from " + short_td(svc.task_definition) + " to " +
                        short_td(target_td) + " (" + reason + ")" + images);
    case Outcome::RolloutFailed: {
      res.failure_reason = w.verdict.reason;
      RecoveryRequest rr;
      rr.cluster = o.cluster;
      rr.service = o.service;
      rr.target = rt;
      rr.verdict = w.verdict;
      rr.rollback_on_failure = false;  // never roll back a rollback
      rr.seen_event_ids = w.seen_event_ids;
      rr.timeout = o.watch.timeout;
      RecoveryResult rec = recover_failed_rollout(clients, clock, reporter, rr);
      res.running_task_definition = rec.running_task_definition;
      return finish(
          reporter, clock, start, res,
          "rollback to " + short_td(target_td) + " failed: " + w.verdict.reason +
              "; now running: " +
              (rec.running_task_definition.empty() ? std::string("unknown")
                                                   : short_td(rec.running_task_definition)));
    }
    case Outcome::TimedOut:
      return finish(reporter, clock, start, res,
                    "timed out waiting for the rollback" + unknown_state_note(w.verdict), follow);
    case Outcome::Interrupted:
      return finish(reporter, clock, start, res, "interrupted; the rollback continues", follow);
    default:
      return finish(reporter, clock, start, res,
                    "watching the rollback failed: " +
                        (w.error ? w.error->describe() : std::string("unknown")),
                    follow);
  }
}

}  // namespace engine
