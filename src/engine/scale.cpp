#include "engine/scale.h"

#include <charconv>

#include "engine/names.h"
#include "engine/phase.h"
#include "engine/plan.h"
#include "engine/preflight.h"
#include "engine/scale_autoscaling.h"
#include "engine/scale_drain.h"
#include "engine/service_change.h"
#include "engine/watch.h"
#include "services/arn.h"

namespace engine {

namespace {

// What the failure to read or write the remembered count says: the permission by name when it
// was denied, the error otherwise.
std::string tag_failure(const util::Error& e, const char* action, const std::string& arn) {
  if (e.kind == util::ErrorKind::AccessDenied) {
    return std::string(action) + " on " + arn + " was denied (" + e.describe() + ")";
  }
  return std::string(action) + " failed (" + e.describe() + ")";
}

// `scale --restore`: the count in the service's tag, read with ListTagsForResource.
PreflightCheck read_remembered_count(const Clients& clients, const ScaleOptions& o,
                                     const std::string& service_arn, std::optional<int>& target) {
  auto tags = clients.ecs.list_tags_for_resource(service_arn);
  if (!tags) {
    return {"restore",
            false,
            false,
            "cannot read the remembered count: " +
                tag_failure(tags.error(), "ecs:ListTagsForResource", service_arn),
            {Hint{NextStep::ReadDeployRolePolicy, o.cluster, o.service},
             Hint{NextStep::GiveDesiredCount}}};
  }
  target = remembered_desired_count(*tags);
  if (!target) {
    return {"restore",
            false,
            false,
            "service '" + o.service + "' has no " + std::string(k_previous_desired_count_tag) +
                " tag; nothing to restore",
            {Hint{NextStep::GiveDesiredCount}}};
  }
  return {"restore", true, false, "remembered desired count " + std::to_string(*target)};
}

// Tags the last non-zero count on the service before it changes, so `scale --restore` can
// switch the service back on. The error (of the tag call's kind) says what to do: a count that
// cannot be remembered stops the scale while nothing has changed, unless --no-remember.
util::Status remember_previous_count(const Clients& clients, Reporter& reporter,
                                     const ScaleOptions& o, const services::Service& svc,
                                     int target) {
  const int current = svc.desired;
  if (current == 0 || current == target) {
    return {};
  }
  if (!o.remember) {
    reporter.on(Message{Severity::Notice, "the previous count " + std::to_string(current) +
                                              " is not recorded (remembering is off): a later "
                                              "restore cannot bring it back"});
    return {};
  }
  auto tagged =
      clients.ecs.tag_resource(svc.arn, {{k_previous_desired_count_tag, std::to_string(current)}});
  if (tagged) {
    return {};
  }
  util::Error e = tagged.take_error();
  e.message = "cannot remember the previous count " + std::to_string(current) + ": " +
              tag_failure(e, "ecs:TagResource", svc.arn) + "; nothing was changed";
  return e;
}

// Scaling up starts tasks of the revision the service runs: they are judged as a deploy's
// (a task that stops with a failure, now or within the settle window, fails the scale), so a
// service brought back onto a revision that crashes a minute after start is not "scaled".
WatchResult watch_scale_up(const Clients& clients, util::Clock& clock, Reporter& reporter,
                           const ScaleOptions& o, const services::Service& svc,
                           const std::set<std::string>& seen) {
  WatchRequest wr;
  wr.cluster = o.cluster;
  wr.service = o.service;
  wr.target.task_definition = svc.task_definition;
  wr.target.previous_task_definition = svc.task_definition;
  if (const services::Deployment* primary = find_primary(svc)) {
    wr.target.deployment_id = primary->id;
    wr.target.task_definition = primary->task_definition;
  }
  wr.known_event_ids = seen;
  wr.previous_service_deployment = svc.current_service_deployment;
  wr.ignore_earlier_stopped_tasks = true;
  // The containers tell where the logs of a crashed task are and what health check it has;
  // without them the scale is still judged, only with less evidence.
  auto td = clients.ecs.describe_task_definition(wr.target.task_definition);
  if (td) {
    wr.containers = td->containers;
    for (const auto& c : td->containers) {
      if (c.essential) {
        wr.container = c.name;
        break;
      }
    }
  } else {
    reporter.on(Message{Severity::Warning,
                        "could not describe " +
                            services::task_definition_short_name(wr.target.task_definition) +
                            " (log locations of stopped tasks unknown): " + td.error().describe()});
  }
  WatchOptions wo;
  wo.timeout = o.timeout;
  wo.settle = o.settle;
  return watch_rollout(clients, clock, reporter, wr, wo);
}

}  // namespace

std::optional<int> remembered_desired_count(const std::vector<services::Tag>& tags) {
  for (const auto& t : tags) {
    if (t.key != k_previous_desired_count_tag) {
      continue;
    }
    int n = 0;
    auto [p, ec] = std::from_chars(t.value.data(), t.value.data() + t.value.size(), n);
    if (ec == std::errc() && p == t.value.data() + t.value.size() && n >= 0) {
      return n;
    }
  }
  return std::nullopt;
}

OperationResult scale(const Clients& clients, util::Clock& clock, Reporter& reporter,
                      const ScaleOptions& o) {
  const auto start = clock.steady_now();
  OperationResult res = begin_result("scale", o.cluster, o.service, o.dry_run);
  auto invalid = [&](std::string m) {
    util::Error e = util::make_error(util::ErrorKind::InvalidInput, m);
    return finish(reporter, clock, start, error_result(res, e), std::move(m));
  };
  if (!is_valid_resource_name(o.cluster) || !is_valid_resource_name(o.service)) {
    return invalid("invalid cluster or service name");
  }
  if (o.restore == o.desired_count.has_value()) {
    return invalid("give either a desired count or a restore of the remembered one");
  }

  PreflightInput in;
  in.cluster = o.cluster;
  in.service = o.service;
  in.expected_account = o.expected_account;
  in.desired_count = o.desired_count;
  in.max_desired_count = o.max_desired_count;
  in.require_idle = false;  // scaling during a rollout is allowed; ECS applies it to PRIMARY
  in.need_task_definition = false;
  Phase pre_phase(clock, reporter, "preflight", "Preflight checks");
  PreflightResult pre = run_preflight(clients, reporter, in);
  std::optional<int> target = o.desired_count;
  if (pre.ok() && o.restore) {
    pre.checks.push_back(read_remembered_count(clients, o, pre.service.arn, target));
    reporter.on(pre.checks.back());
  }
  res.timings.preflight = pre_phase.finish(pre.ok());
  if (!pre.ok()) {
    return finish_preflight_failed(reporter, clock, start, res, pre);
  }
  const services::Service& svc = pre.service;
  const int current = svc.desired;
  res.previous_desired_count = current;
  res.desired_count = *target;
  res.previous_task_definition = svc.task_definition;
  res.task_definition = svc.task_definition;

  PlanReady plan;
  plan.command = "scale";
  plan.cluster = o.cluster;
  plan.service = o.service;
  plan.current_task_definition = svc.task_definition;
  plan.base_task_definition = svc.task_definition;
  plan.current_desired = current;
  plan.new_desired = *target;
  plan.reuse_revision = true;
  plan.dry_run = o.dry_run;
  report_plan(reporter, plan);
  check_scalable_target(clients, reporter, o.cluster, o.service, *target);
  if (o.dry_run) {
    res.outcome = Outcome::Succeeded;
    return finish(reporter, clock, start, res,
                  "dry run: would scale " + o.service + " from " + std::to_string(current) +
                      " to " + std::to_string(*target) + "; nothing was changed");
  }

  if (auto remembered = remember_previous_count(clients, reporter, o, svc, *target); !remembered) {
    util::Error e = remembered.take_error();
    if (e.kind != util::ErrorKind::AccessDenied) {
      return finish(reporter, clock, start, error_result(res, e), e.message);
    }
    res.outcome = Outcome::PreflightFailed;
    res.problems = {"remember: " + e.message};
    return finish(reporter, clock, start, res, e.message,
                  {Hint{NextStep::ReadDeployRolePolicy, o.cluster, o.service},
                   Hint{NextStep::ScaleWithoutRemembering}});
  }
  if (current != *target) {
    auto updated = send_service_change(clients, clock, reporter, o.cluster, o.service, svc,
                                       {std::nullopt, *target, /*force_new_deployment=*/false},
                                       "Scaling " + o.service, res.timings.update);
    if (!updated) {
      return finish(reporter, clock, start, error_result(res, updated.error()),
                    "UpdateService failed: " + updated.error().describe());
    }
  } else {
    res.timings.update = Phase(clock, reporter, "update", "Scaling " + o.service).finish(true);
  }
  if (!o.wait) {
    res.outcome = Outcome::Succeeded;
    return finish(
        reporter, clock, start, res,
        "desired count of " + o.service + " set to " + std::to_string(*target) + " (not waiting)");
  }

  Phase wait_phase(clock, reporter, "wait",
                   *target == 0 ? "Waiting until no task runs or is stopping"
                                : "Waiting for " + std::to_string(*target) + " running tasks");
  const auto wait_start = clock.steady_now();
  const std::set<std::string> seen = event_ids(svc);
  WatchResult w = *target > 0 ? watch_scale_up(clients, clock, reporter, o, svc, seen)
                              : wait_until_settled(clients, clock, reporter, o.cluster, o.service,
                                                   "", seen, o.timeout);
  if (w.outcome == Outcome::Succeeded && *target == 0) {
    // The counts read 0 while tasks are still stopping: wait for them too (scale_drain.h).
    DrainResult d =
        wait_until_no_task(clients, clock, reporter, o.cluster, o.service, wait_start + o.timeout);
    w.outcome = d.outcome;
    if (d.error) {
      w.error = d.error;
    }
  }
  res.timings.wait = wait_phase.finish(successful(w.outcome));
  res.outcome = w.outcome;
  res.error = w.error;
  res.running_task_definition = w.last.task_definition;
  if (w.outcome == Outcome::Succeeded) {
    return finish(reporter, clock, start, res,
                  *target == 0 ? "scaled " + o.service + " to 0: no task runs or is stopping"
                               : "scaled " + o.service + " from " + std::to_string(current) +
                                     " to " + std::to_string(*target) + " (" +
                                     std::to_string(w.last.running) + " running)");
  }
  if (w.outcome == Outcome::RolloutFailed) {
    res.failure_reason = w.verdict.reason;
    return finish(reporter, clock, start, res, "scale failed: " + w.verdict.reason);
  }
  return finish_unjudged_watch(
      reporter, clock, start, res, w,
      *target == 0 ? std::string("the tasks to stop") : std::to_string(*target) + " running tasks",
      o.timeout);
}

}  // namespace engine
