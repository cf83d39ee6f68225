#include "services/ecs_json.h"

#include "services/json_read.h"

namespace services::ecs_json {

using namespace json_read;

std::vector<Failure> failures(const Json& response) {
  std::vector<Failure> out;
  for (const auto& f : array(response, "failures")) {
    out.push_back({str(f, "arn"), str(f, "reason"), str(f, "detail")});
  }
  return out;
}

std::vector<Tag> tags(const Json& list) {
  std::vector<Tag> out;
  if (!list.is_array()) {
    return out;
  }
  for (const auto& t : list) {
    out.push_back({str(t, "key"), str(t, "value")});
  }
  return out;
}

Json tags_to_json(const std::vector<Tag>& list) {
  Json out = Json::array();
  for (const auto& t : list) {
    out.push_back(Json{{"key", t.key}, {"value", t.value}});
  }
  return out;
}

Cluster cluster(const Json& j) {
  Cluster c;
  c.arn = str(j, "clusterArn");
  c.name = str(j, "clusterName");
  c.status = str(j, "status");
  c.running_tasks = integer(j, "runningTasksCount");
  c.pending_tasks = integer(j, "pendingTasksCount");
  c.active_services = integer(j, "activeServicesCount");
  return c;
}

Deployment deployment(const Json& j) {
  Deployment d;
  d.id = str(j, "id");
  d.status = str(j, "status");
  d.task_definition = str(j, "taskDefinition");
  d.desired = integer(j, "desiredCount");
  d.pending = integer(j, "pendingCount");
  d.running = integer(j, "runningCount");
  d.failed_tasks = integer(j, "failedTasks");
  d.rollout_state = str(j, "rolloutState");
  d.rollout_state_reason = str(j, "rolloutStateReason");
  d.created_at = time(j, "createdAt");
  d.updated_at = time(j, "updatedAt");
  return d;
}

namespace {
DeploymentConfiguration deployment_configuration(const Json& config) {
  DeploymentConfiguration c;
  c.minimum_healthy_percent = opt_integer(config, "minimumHealthyPercent");
  c.maximum_percent = opt_integer(config, "maximumPercent");
  const Json& breaker = object(config, "deploymentCircuitBreaker");
  c.circuit_breaker_enable = boolean(breaker, "enable");
  c.circuit_breaker_rollback = boolean(breaker, "rollback");
  c.strategy = str(config, "strategy");
  c.bake_time_minutes = opt_integer(config, "bakeTimeInMinutes");
  const Json& linear = object(config, "linearConfiguration");
  c.linear_step_percent = opt_number(linear, "stepPercent");
  c.linear_step_bake_minutes = opt_integer(linear, "stepBakeTimeInMinutes");
  const Json& canary = object(config, "canaryConfiguration");
  c.canary_percent = opt_number(canary, "canaryPercent");
  c.canary_bake_minutes = opt_integer(canary, "canaryBakeTimeInMinutes");
  for (const auto& h : array(config, "lifecycleHooks")) {
    const Json& timeout = object(h, "timeoutConfiguration");
    c.lifecycle_hooks.push_back({str(h, "targetType"), str(h, "hookTargetArn"),
                                 strings(h, "lifecycleStages"),
                                 opt_integer(timeout, "timeoutInMinutes"), str(timeout, "action")});
  }
  const Json& alarms = object(config, "alarms");
  c.alarms_enable = boolean(alarms, "enable");
  c.alarms_rollback = boolean(alarms, "rollback");
  c.alarm_names = strings(alarms, "alarmNames");
  return c;
}
}  // namespace

Service service(const Json& j) {
  Service s;
  s.arn = str(j, "serviceArn");
  s.name = str(j, "serviceName");
  s.cluster_arn = str(j, "clusterArn");
  s.status = str(j, "status");
  s.desired = integer(j, "desiredCount");
  s.running = integer(j, "runningCount");
  s.pending = integer(j, "pendingCount");
  s.task_definition = str(j, "taskDefinition");
  std::string controller = str(object(j, "deploymentController"), "type");
  if (!controller.empty()) {
    s.deployment_controller = controller;
  }
  s.resource_management_type = str(j, "resourceManagementType");
  s.launch_type = str(j, "launchType");
  s.deployment_configuration = deployment_configuration(object(j, "deploymentConfiguration"));
  for (const auto& lb : array(j, "loadBalancers")) {
    const Json& advanced = object(lb, "advancedConfiguration");
    s.load_balancers.push_back(
        {str(lb, "targetGroupArn"), str(lb, "containerName"), opt_integer(lb, "containerPort"),
         str(advanced, "alternateTargetGroupArn"), str(advanced, "productionListenerRule"),
         str(advanced, "testListenerRule")});
  }
  for (const auto& d : array(j, "deployments")) {
    s.deployments.push_back(deployment(d));
  }
  for (const auto& e : array(j, "events")) {
    s.events.push_back(
        {str(e, "id"), time(e, "createdAt").value_or(util::SystemTime{}), str(e, "message")});
  }
  s.current_service_deployment = str(j, "currentServiceDeployment");
  s.tags = tags(array(j, "tags"));
  s.health_check_grace_period_seconds = opt_integer(j, "healthCheckGracePeriodSeconds");
  return s;
}

TaskDefinition task_definition(const Json& response) {
  const Json& j = object(response, "taskDefinition");
  TaskDefinition td;
  td.arn = str(j, "taskDefinitionArn");
  td.family = str(j, "family");
  td.revision = integer(j, "revision");
  td.status = str(j, "status");
  for (const auto& c : array(j, "containerDefinitions")) {
    ContainerBasics basics;
    basics.name = str(c, "name");
    basics.image = str(c, "image");
    basics.essential = boolean(c, "essential", true);
    const Json& log = object(c, "logConfiguration");
    basics.log_driver = str(log, "logDriver");
    for (const auto& [key, value] : object(log, "options").items()) {
      if (value.is_string()) {
        basics.log_options.emplace_back(key, value.get<std::string>());
      }
    }
    const Json& health = object(c, "healthCheck");
    if (!health.empty()) {
      basics.health_check_budget_seconds =
          opt_integer(health, "startPeriod").value_or(0) +
          opt_integer(health, "interval").value_or(30) * opt_integer(health, "retries").value_or(3);
    }
    td.containers.push_back(std::move(basics));
  }
  td.registered_at = time(j, "registeredAt");
  td.registered_by = str(j, "registeredBy");
  td.tags = tags(array(response, "tags"));
  td.raw = j;
  return td;
}

Task task(const Json& j) {
  Task t;
  t.arn = str(j, "taskArn");
  t.task_definition_arn = str(j, "taskDefinitionArn");
  t.last_status = str(j, "lastStatus");
  t.desired_status = str(j, "desiredStatus");
  t.started_by = str(j, "startedBy");
  t.group = str(j, "group");
  t.stop_code = str(j, "stopCode");
  t.stopped_reason = str(j, "stoppedReason");
  t.created_at = time(j, "createdAt");
  t.started_at = time(j, "startedAt");
  t.stopped_at = time(j, "stoppedAt");
  for (const auto& c : array(j, "containers")) {
    t.containers.push_back({str(c, "name"), str(c, "image"), str(c, "lastStatus"),
                            opt_integer(c, "exitCode"), str(c, "reason")});
  }
  return t;
}

namespace {
ServiceRevisionSummary revision_summary(const Json& j) {
  return {str(j, "arn"),
          integer(j, "requestedTaskCount"),
          integer(j, "runningTaskCount"),
          integer(j, "pendingTaskCount"),
          opt_number(j, "requestedTestTrafficWeight"),
          opt_number(j, "requestedProductionTrafficWeight")};
}
}  // namespace

ServiceDeploymentBrief service_deployment_brief(const Json& j) {
  ServiceDeploymentBrief b;
  b.arn = str(j, "serviceDeploymentArn");
  b.service_arn = str(j, "serviceArn");
  b.cluster_arn = str(j, "clusterArn");
  b.target_service_revision_arn = str(j, "targetServiceRevisionArn");
  b.status = str(j, "status");
  b.status_reason = str(j, "statusReason");
  b.created_at = time(j, "createdAt");
  b.started_at = time(j, "startedAt");
  b.finished_at = time(j, "finishedAt");
  return b;
}

ServiceDeployment service_deployment(const Json& j) {
  ServiceDeployment d;
  d.arn = str(j, "serviceDeploymentArn");
  d.service_arn = str(j, "serviceArn");
  d.cluster_arn = str(j, "clusterArn");
  d.created_at = time(j, "createdAt");
  d.started_at = time(j, "startedAt");
  d.finished_at = time(j, "finishedAt");
  d.stopped_at = time(j, "stoppedAt");
  d.updated_at = time(j, "updatedAt");
  for (const auto& r : array(j, "sourceServiceRevisions")) {
    d.source_revisions.push_back(revision_summary(r));
  }
  d.target_revision = revision_summary(object(j, "targetServiceRevision"));
  d.status = str(j, "status");
  d.status_reason = str(j, "statusReason");
  if (j.is_object() && j.contains("rollback") && j["rollback"].is_object()) {
    const Json& rb = j["rollback"];
    d.rolled_back = true;
    d.rollback_reason = str(rb, "reason");
    d.rollback_revision_arn = str(rb, "serviceRevisionArn");
  }
  const Json& breaker = object(j, "deploymentCircuitBreaker");
  d.circuit_breaker_status = str(breaker, "status");
  d.circuit_breaker_failure_count = integer(breaker, "failureCount");
  d.circuit_breaker_threshold = integer(breaker, "threshold");
  d.lifecycle_stage = str(j, "lifecycleStage");
  for (const auto& h : array(j, "lifecycleHookDetails")) {
    d.hooks.push_back({str(h, "hookId"), str(h, "targetType"), str(h, "targetArn"),
                       str(h, "status"), time(h, "expiresAt"), str(h, "timeoutAction")});
  }
  const Json& alarms = object(j, "alarms");
  d.alarms_status = str(alarms, "status");
  d.alarm_names = strings(alarms, "alarmNames");
  d.triggered_alarm_names = strings(alarms, "triggeredAlarmNames");
  if (j.is_object() && j.contains("deploymentConfiguration") &&
      j["deploymentConfiguration"].is_object()) {
    d.configuration = deployment_configuration(j["deploymentConfiguration"]);
  }
  return d;
}

ServiceRevision service_revision(const Json& j) {
  ServiceRevision r;
  r.arn = str(j, "serviceRevisionArn");
  r.service_arn = str(j, "serviceArn");
  r.cluster_arn = str(j, "clusterArn");
  r.task_definition = str(j, "taskDefinition");
  for (const auto& c : array(j, "containerImages")) {
    r.container_images.push_back({str(c, "containerName"), str(c, "image"), str(c, "imageDigest")});
  }
  r.created_at = time(j, "createdAt");
  return r;
}

}  // namespace services::ecs_json
