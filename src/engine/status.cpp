#include "engine/status.h"

#include <map>

#include "engine/scale.h"
#include "engine/service_lookup.h"
#include "engine/stage_watch.h"
#include "engine/watch.h"

namespace engine {

std::optional<ServiceDeploymentProgress> stage_snapshot(const services::ServiceDeployment& sd,
                                                        const services::Service& service) {
  const services::DeploymentConfiguration& config =
      sd.configuration ? *sd.configuration : service.deployment_configuration;
  if (!staged(config) && sd.lifecycle_stage.empty() && sd.alarm_names.empty() && sd.hooks.empty()) {
    return std::nullopt;
  }
  StageMemory memory;
  ServiceDeploymentProgress p =
      observe_stage(memory, sd, config, sd.updated_at.value_or(util::SystemTime{}));
  p.stage_since.reset();
  p.bake_until.reset();
  for (HookRunView& h : p.hooks) {
    if (h.status != "AWAITING_ACTION" && h.status != "IN_PROGRESS") {
      h.stage.clear();  // it ran at an earlier stage, which one a single look cannot tell
    }
  }
  return p;
}

util::Result<StatusReport> status(const Clients& clients, const StatusOptions& o) {
  auto found = find_service(clients, o.cluster, o.service, true);
  if (!found) {
    return found.take_error();
  }
  const services::Service& s = *found;
  StatusReport r;
  r.cluster = o.cluster;
  r.service = s.name;
  r.status = s.status;
  r.desired = s.desired;
  r.running = s.running;
  r.pending = s.pending;
  r.task_definition = s.task_definition;
  r.deployments = deployment_rows(s);
  for (size_t i = 0; i < s.events.size() && static_cast<int>(i) < o.event_count; ++i) {
    r.events.push_back({s.events[i].created_at, s.events[i].message});
  }
  r.remembered_desired_count = remembered_desired_count(s.tags);
  if (!s.task_definition.empty()) {
    auto td = clients.ecs.describe_task_definition(s.task_definition);
    if (!td) {
      return td.take_error();
    }
    for (const auto& c : td->containers) {
      r.images.push_back({c.name, c.image});
    }
  }
  if (!s.current_service_deployment.empty()) {
    auto sds = clients.ecs.describe_service_deployments({s.current_service_deployment});
    if (sds && !sds->deployments.empty()) {
      const auto& sd = sds->deployments.front();
      ServiceDeploymentRow row{sd.arn, sd.status,     sd.status_reason,
                               "",     sd.started_at, sd.finished_at};
      // The target's revision, and for a staged deployment its sources' too: one call.
      row.stages = stage_snapshot(sd, s);
      std::vector<std::string> revision_arns;
      if (!sd.target_revision.arn.empty()) {
        revision_arns.push_back(sd.target_revision.arn);
      }
      for (const auto& source :
           row.stages ? sd.source_revisions : std::vector<services::ServiceRevisionSummary>{}) {
        revision_arns.push_back(source.arn);
      }
      std::map<std::string, std::string> td_of;
      if (!revision_arns.empty()) {
        if (auto revs = clients.ecs.describe_service_revisions(revision_arns)) {
          for (const auto& rev : revs->revisions) {
            td_of[rev.arn] = rev.task_definition;
          }
        }
      }
      row.target_task_definition = td_of[sd.target_revision.arn];
      if (row.stages) {
        row.stages->target.task_definition = row.target_task_definition;
        for (RevisionTraffic& source : row.stages->sources) {
          source.task_definition = td_of[source.arn];
        }
      }
      r.current_service_deployment = row;
    }
  }
  r.stopped_tasks =
      recent_stopped_tasks(clients, o.cluster, s.name, o.stopped_count, o.stopped_log_lines);
  return r;
}

}  // namespace engine
