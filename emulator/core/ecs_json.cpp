#include "core/ecs_json.h"
#include "core/arn.h"

#include "core/actions.h"
#include "core/strategy.h"
#include "core/task_lifecycle.h"

namespace emulator {
namespace {

struct Counts {
  int running = 0;
  int pending = 0;
};

Counts count_tasks(const std::vector<Task*>& tasks, const std::string& deployment_id) {
  Counts c;
  for (const Task* t : tasks) {
    if (!deployment_id.empty() && t->started_by != deployment_id) {
      continue;
    }
    if (t->last_status == "RUNNING") {
      ++c.running;
    } else if (is_pending(*t)) {
      ++c.pending;
    }
  }
  return c;
}

void put_time(Json& j, const char* key, double t) {
  if (t > 0) {
    j[key] = json_time(t);
  }
}

// arn:aws:ecs:<region>:...
std::string region_of(const std::string& arn) {
  auto parts = parse_arn(arn);
  return parts ? parts->region : std::string();
}

}  // namespace

Json cluster_json(State& st, const Cluster& c, bool with_tags) {
  int running = 0;
  int pending = 0;
  int services = 0;
  for (const auto& [arn, svc] : st.services) {
    if (svc.cluster_arn != c.arn) {
      continue;
    }
    if (svc.status == "ACTIVE") {
      ++services;
    }
    Counts n = count_tasks(st.live_tasks(arn), "");
    running += n.running;
    pending += n.pending;
  }
  Json j = {{"clusterArn", c.arn},
            {"clusterName", c.name},
            {"status", c.status},
            {"registeredContainerInstancesCount", 0},
            {"runningTasksCount", running},
            {"pendingTasksCount", pending},
            {"activeServicesCount", services},
            {"statistics", Json::array()},
            {"settings", c.settings},
            {"capacityProviders", Json::array()},
            {"defaultCapacityProviderStrategy", Json::array()}};
  if (with_tags) {
    j["tags"] = tags_json(c.tags);
  }
  return j;
}

Json task_definition_json(const TaskDefinition& td) {
  Json j = Json::object();
  j["taskDefinitionArn"] = td.arn;
  for (auto it = td.body.begin(); it != td.body.end(); ++it) {
    j[it.key()] = it.value();
  }
  j["family"] = td.family;
  j["revision"] = td.revision;
  j["status"] = td.status;
  if (!j.contains("volumes")) {
    j["volumes"] = Json::array();
  }
  if (!j.contains("placementConstraints")) {
    j["placementConstraints"] = Json::array();
  }
  j["requiresAttributes"] = Json::array();
  Json compat = Json::array({"EC2"});
  if (td.body.contains("requiresCompatibilities") &&
      td.body["requiresCompatibilities"].is_array()) {
    for (const auto& c : td.body["requiresCompatibilities"]) {
      if (c == "FARGATE") {
        compat.push_back("FARGATE");
      }
    }
  }
  j["compatibilities"] = compat;
  j["registeredAt"] = json_time(td.registered_at);
  if (td.deregistered_at > 0) {
    j["deregisteredAt"] = json_time(td.deregistered_at);
  }
  j["registeredBy"] = td.registered_by;
  return j;
}

namespace {

// A service's members before "events" and after it: DescribeServices splices the cached
// events text between the two dumps instead of rebuilding up to 100 event objects per call.
struct ServiceParts {
  Json head;
  Json tail;
};

ServiceParts service_parts(State& st, const Service& svc, bool with_tags) {
  const auto& tasks = st.live_tasks(svc.arn);
  Counts total = count_tasks(tasks, "");
  Json deployments = Json::array();
  Json revisions = Json::array();
  for (const auto& d : svc.deployments) {
    Counts n = count_tasks(tasks, d.id);
    Json dj = {{"id", d.id},
               {"status", d.status},
               {"taskDefinition", d.task_definition},
               {"desiredCount", d.desired_count},
               {"pendingCount", n.pending},
               {"runningCount", n.running},
               {"failedTasks", d.failed_tasks},
               {"createdAt", json_time(d.created_at)},
               {"updatedAt", json_time(d.updated_at)},
               {"launchType", svc.launch_type}};
    if (svc.launch_type == "FARGATE") {
      dj["platformVersion"] = "1.4.0";
      dj["platformFamily"] = "Linux";
    }
    if (!svc.network_configuration.is_null()) {
      dj["networkConfiguration"] = svc.network_configuration;
    }
    dj["rolloutState"] = d.rollout_state;
    if (!d.rollout_state_reason.empty()) {
      dj["rolloutStateReason"] = d.rollout_state_reason;
    }
    deployments.push_back(std::move(dj));
    revisions.push_back({{"arn", d.service_revision_arn},
                         {"requestedTaskCount", d.desired_count},
                         {"runningTaskCount", n.running},
                         {"pendingTaskCount", n.pending}});
  }
  ServiceParts p;
  Json& j = p.head;
  j = {{"serviceArn", svc.arn},
       {"serviceName", svc.name},
       {"clusterArn", svc.cluster_arn},
       {"loadBalancers", svc.load_balancers},
       {"serviceRegistries", Json::array()},
       {"status", svc.status},
       {"desiredCount", svc.desired_count},
       {"runningCount", total.running},
       {"pendingCount", total.pending},
       {"launchType", svc.launch_type}};
  if (svc.launch_type == "FARGATE") {
    j["platformVersion"] = svc.platform_version;
    j["platformFamily"] = "Linux";
  }
  j["taskDefinition"] = svc.task_definition;
  j["deploymentConfiguration"] = svc.deployment_configuration;
  j["deployments"] = std::move(deployments);
  Json& t = p.tail;
  t = {{"createdAt", json_time(svc.created_at)}};
  if (!svc.current_service_deployment.empty()) {
    t["currentServiceDeployment"] = svc.current_service_deployment;
  }
  t["currentServiceRevisions"] = std::move(revisions);
  t["placementConstraints"] = Json::array();
  t["placementStrategy"] = Json::array();
  if (!svc.network_configuration.is_null()) {
    t["networkConfiguration"] = svc.network_configuration;
  }
  if (svc.health_check_grace_seconds > 0) {
    t["healthCheckGracePeriodSeconds"] = svc.health_check_grace_seconds;
  }
  t["schedulingStrategy"] = "REPLICA";
  t["deploymentController"] = {{"type", svc.deployment_controller}};
  if (with_tags) {
    t["tags"] = tags_json(svc.tags);
  }
  t["createdBy"] = svc.created_by;
  t["enableECSManagedTags"] = svc.enable_ecs_managed_tags;
  t["propagateTags"] = svc.propagate_tags;
  t["enableExecuteCommand"] = svc.enable_execute_command;
  t["availabilityZoneRebalancing"] = "DISABLED";
  if (!svc.resource_management_type.empty()) {
    t["resourceManagementType"] = svc.resource_management_type;
  }
  return p;
}

Json events_json(const Service& svc) {
  Json events = Json::array();
  for (const auto& e : svc.events) {
    events.push_back(
        {{"id", e.id}, {"createdAt", json_time(e.created_at)}, {"message", e.message}});
  }
  return events;
}

}  // namespace

Json service_json(State& st, const Service& svc, bool with_tags) {
  ServiceParts p = service_parts(st, svc, with_tags);
  Json j = std::move(p.head);
  j["events"] = events_json(svc);
  for (auto it = p.tail.begin(); it != p.tail.end(); ++it) {
    j[it.key()] = std::move(it.value());
  }
  return j;
}

std::string service_text(State& st, const Service& svc, bool with_tags) {
  ServiceParts p = service_parts(st, svc, with_tags);
  if (svc.events_json.empty()) {
    svc.events_json = dump_json(events_json(svc));
  }
  // Compact dumps: head is `{...}` and tail `{...}`, both non-empty objects.
  std::string out = dump_json(p.head);
  out.back() = ',';
  out += "\"events\":";
  out += svc.events_json;
  out += ',';
  const std::string tail = dump_json(p.tail);
  out.append(tail, 1, std::string::npos);
  return out;
}

Json task_json(const Task& t, bool with_tags) {
  std::string cluster = arn_resource(t.cluster_arn, "cluster").value_or("");
  auto parts = parse_arn(t.arn).value_or(ArnParts{});
  std::string prefix =
      "arn:" + parts.partition + ":" + parts.service + ":" + parts.region + ":" + parts.account;
  Json containers = Json::array();
  for (const auto& c : t.containers) {
    Json cj = {{"containerArn", prefix + ":container/" + cluster + "/" + t.id + "/" + c.name},
               {"taskArn", t.arn},
               {"name", c.name},
               {"image", c.image}};
    if (!c.image_digest.empty()) {
      cj["imageDigest"] = c.image_digest;
    }
    if (t.last_status != "PROVISIONING" && t.last_status != "PENDING") {
      cj["runtimeId"] = c.runtime_id;
    }
    cj["lastStatus"] = c.last_status;
    if (c.exit_code) {
      cj["exitCode"] = *c.exit_code;
    }
    if (!c.reason.empty()) {
      cj["reason"] = c.reason;
    }
    cj["networkBindings"] = Json::array();
    cj["networkInterfaces"] = Json::array();
    cj["healthStatus"] = c.health_status;
    cj["cpu"] = "0";
    containers.push_back(std::move(cj));
  }
  Json overrides = {{"containerOverrides", Json::array()},
                    {"inferenceAcceleratorOverrides", Json::array()}};
  for (const auto& c : t.containers) {
    overrides["containerOverrides"].push_back({{"name", c.name}});
  }
  Json j = {{"attachments", Json::array()},
            {"attributes", Json::array({{{"name", "ecs.cpu-architecture"}, {"value", "x86_64"}}})},
            {"availabilityZone", region_of(t.arn) + "a"},
            {"clusterArn", t.cluster_arn}};
  if (t.pull_started_at > 0) {
    j["connectivity"] = "CONNECTED";
    j["connectivityAt"] = json_time(t.pull_started_at);
  }
  j["containers"] = std::move(containers);
  j["cpu"] = t.cpu;
  j["createdAt"] = json_time(t.created_at);
  j["desiredStatus"] = t.desired_status;
  j["enableExecuteCommand"] = false;
  put_time(j, "executionStoppedAt", t.execution_stopped_at);
  j["group"] = t.group;
  j["healthStatus"] = t.health_status;
  j["lastStatus"] = t.last_status;
  j["launchType"] = t.launch_type;
  j["memory"] = t.memory;
  j["overrides"] = std::move(overrides);
  if (t.launch_type == "FARGATE") {
    j["platformVersion"] = "1.4.0";
    j["platformFamily"] = "Linux";
  }
  put_time(j, "pullStartedAt", t.pull_started_at);
  put_time(j, "pullStoppedAt", t.pull_stopped_at);
  put_time(j, "startedAt", t.started_at);
  if (!t.started_by.empty()) {
    j["startedBy"] = t.started_by;
  }
  if (!t.stop_code.empty()) {
    j["stopCode"] = t.stop_code;
  }
  put_time(j, "stoppedAt", t.stopped_at);
  if (!t.stopped_reason.empty()) {
    j["stoppedReason"] = t.stopped_reason;
  }
  put_time(j, "stoppingAt", t.stopping_at);
  if (with_tags) {
    j["tags"] = tags_json(t.tags);
  }
  j["taskArn"] = t.arn;
  j["taskDefinitionArn"] = t.task_definition;
  j["version"] = t.version;
  j["ephemeralStorage"] = {{"sizeInGiB", 20}};
  return j;
}

Json service_deployment_json(State& st, const ServiceDeployment& sd) {
  const auto& tasks = st.live_tasks(sd.service_arn);
  const Service* svc = st.find_service(sd.service_arn);
  auto revision_counts = [&](const std::string& revision_arn, int requested) {
    Counts c;
    int alive = 0;
    if (svc != nullptr) {
      for (const Task* t : tasks) {
        auto it = svc->deployment_revisions.find(t->started_by);
        if (it == svc->deployment_revisions.end() || it->second != revision_arn) {
          continue;
        }
        if (t->last_status == "RUNNING") {
          ++c.running;
        } else if (is_pending(*t)) {
          ++c.pending;
        }
        if (is_alive(*t)) {
          ++alive;
        }
      }
    }
    Json out{{"arn", revision_arn},
             {"requestedTaskCount", requested < 0 ? alive : requested},
             {"runningTaskCount", c.running},
             {"pendingTaskCount", c.pending}};
    if (traffic_shifting(sd.strategy)) {
      bool target = revision_arn == sd.target_revision_arn;
      out["requestedTestTrafficWeight"] = target ? sd.test_weight : 100.0 - sd.test_weight;
      out["requestedProductionTrafficWeight"] =
          target ? sd.production_weight : 100.0 - sd.production_weight;
    }
    return out;
  };
  Json j = {{"serviceDeploymentArn", sd.arn},
            {"serviceArn", sd.service_arn},
            {"clusterArn", sd.cluster_arn},
            {"createdAt", json_time(sd.created_at)}};
  if (sd.started_at > 0) {
    j["startedAt"] = json_time(sd.started_at);
  }
  if (sd.finished_at > 0) {
    j["finishedAt"] = json_time(sd.finished_at);
  }
  if (sd.stopped_at > 0) {
    j["stoppedAt"] = json_time(sd.stopped_at);
  }
  j["updatedAt"] = json_time(sd.updated_at);
  Json sources = Json::array();
  for (const auto& arn : sd.source_revision_arns) {
    sources.push_back(revision_counts(arn, -1));
  }
  j["sourceServiceRevisions"] = std::move(sources);
  int requested = svc != nullptr ? svc->desired_count : 0;
  bool target_live = svc != nullptr && !svc->deployments.empty() &&
                     svc->deployments.front().service_revision_arn == sd.target_revision_arn;
  j["targetServiceRevision"] =
      revision_counts(sd.target_revision_arn, target_live ? requested : -1);
  j["status"] = sd.status;
  if (!sd.status_reason.empty()) {
    j["statusReason"] = sd.status_reason;
  }
  j["lifecycleStage"] = sd.lifecycle_stage;
  Json hooks = Json::array();
  for (const HookRun& h : sd.hooks) {
    Json hj = {{"hookId", h.hook_id}, {"targetType", h.target_type}};
    if (!h.target_arn.empty()) {
      hj["targetArn"] = h.target_arn;
    }
    hj["status"] = h.status;
    hj["expiresAt"] = json_time(h.expires_at);
    hj["timeoutAction"] = h.timeout_action;
    hooks.push_back(std::move(hj));
  }
  j["lifecycleHookDetails"] = std::move(hooks);
  j["deploymentConfiguration"] = sd.deployment_configuration;
  if (sd.has_rollback) {
    j["rollback"] = {{"reason", sd.rollback_reason},
                     {"startedAt", json_time(sd.rollback_started_at)},
                     {"serviceRevisionArn", sd.rollback_revision_arn}};
  }
  j["deploymentCircuitBreaker"] = {{"status", sd.circuit_breaker_status},
                                   {"failureCount", sd.circuit_breaker_failures},
                                   {"threshold", sd.circuit_breaker_threshold}};
  Json alarms = {{"status", sd.alarms_status}};
  if (!sd.alarm_names.empty()) {
    alarms["alarmNames"] = sd.alarm_names;
  }
  if (!sd.triggered_alarms.empty()) {
    alarms["triggeredAlarmNames"] = sd.triggered_alarms;
  }
  j["alarms"] = std::move(alarms);
  return j;
}

Json service_deployment_brief_json(const ServiceDeployment& sd) {
  Json j = {{"serviceDeploymentArn", sd.arn},
            {"serviceArn", sd.service_arn},
            {"clusterArn", sd.cluster_arn}};
  if (sd.started_at > 0) {
    j["startedAt"] = json_time(sd.started_at);
  }
  j["createdAt"] = json_time(sd.created_at);
  if (sd.finished_at > 0) {
    j["finishedAt"] = json_time(sd.finished_at);
  }
  j["targetServiceRevisionArn"] = sd.target_revision_arn;
  j["status"] = sd.status;
  if (!sd.status_reason.empty()) {
    j["statusReason"] = sd.status_reason;
  }
  return j;
}

Json service_revision_json(const ServiceRevision& rev) {
  Json j = {{"serviceRevisionArn", rev.arn},
            {"serviceArn", rev.service_arn},
            {"clusterArn", rev.cluster_arn},
            {"taskDefinition", rev.task_definition},
            {"launchType", rev.launch_type}};
  if (rev.launch_type == "FARGATE") {
    j["platformVersion"] = "1.4.0";
    j["platformFamily"] = "Linux";
  }
  j["loadBalancers"] = rev.load_balancers;
  j["serviceRegistries"] = Json::array();
  j["containerImages"] = rev.container_images;
  j["guardDutyEnabled"] = false;
  j["createdAt"] = json_time(rev.created_at);
  if (!rev.resolved_load_balancers.empty()) {
    j["resolvedConfiguration"] = {{"loadBalancers", rev.resolved_load_balancers}};
  }
  return j;
}

}  // namespace emulator
