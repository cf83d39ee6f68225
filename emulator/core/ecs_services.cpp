// ECS service actions: CreateService, DescribeServices, UpdateService, ListServices.
#include "core/actions.h"
#include "core/api_error.h"
#include "core/deployments.h"
#include "core/ecs_json.h"

namespace emulator {
namespace {

Cluster& require_cluster(Call& c, const std::string& arn) {
  Cluster* cl = c.st.find_cluster(arn);
  if (cl == nullptr || cl->status != "ACTIVE") {
    throw client_error("ClusterNotFoundException", "Cluster not found.");
  }
  return *cl;
}

int desired_count_member(const Json& body, int fallback) {
  auto v = opt_int(body, "desiredCount");
  if (!v) {
    return fallback;
  }
  if (*v < 0) {
    throw invalid_parameter("desiredCount must be a non-negative integer.");
  }
  if (*v > 5000) {
    throw invalid_parameter("desiredCount exceeds the quota of 5000 tasks per service.");
  }
  return static_cast<int>(*v);
}

TaskDefinition& require_task_definition(Call& c, const std::string& ref) {
  TaskDefinition* td = c.st.find_task_definition(c.caller.account, ref);
  if (td == nullptr) {
    throw client_exception("Unable to describe task definition.");
  }
  if (td->status != "ACTIVE") {
    throw client_exception("TaskDefinition is inactive");
  }
  return *td;
}

// deploymentController.type: ECS (the default), CODE_DEPLOY or EXTERNAL.
std::string deployment_controller_member(const Json& body) {
  Json controller = opt_object(body, "deploymentController");
  if (controller.is_null()) {
    return "ECS";
  }
  std::string type = opt_string(controller, "type").value_or("ECS");
  if (type != "ECS" && type != "CODE_DEPLOY" && type != "EXTERNAL") {
    throw invalid_parameter("deploymentController.type must be one of ECS, CODE_DEPLOY, EXTERNAL.");
  }
  return type;
}

// Blue/green (CODE_DEPLOY) and EXTERNAL services roll out through CodeDeploy or task sets, never
// through UpdateService: a new task definition or a forced deployment is refused up front.
void check_controller_allows_rollout(const Service& svc, const Json& body) {
  if (svc.deployment_controller == "ECS") {
    return;
  }
  bool rollout =
      body.contains("taskDefinition") || opt_bool(body, "forceNewDeployment").value_or(false);
  if (!rollout) {
    return;
  }
  if (svc.deployment_controller == "CODE_DEPLOY") {
    throw invalid_parameter(
        "Unable to update task definition on services with a CODE_DEPLOY deployment controller. "
        "Use AWS CodeDeploy to trigger a new deployment.");
  }
  throw invalid_parameter(
      "Unable to update task definition on services with an EXTERNAL deployment controller. "
      "Use a task set to deploy a new task definition.");
}

// loadBalancers are accepted as given (no ELB model): each needs a target group ARN and, for
// the blue/green family, an alternate target group in advancedConfiguration.
Json load_balancers_member(const Json& body, const Json& fallback) {
  if (!body.contains("loadBalancers")) {
    return fallback;
  }
  Json lbs = opt_array(body, "loadBalancers");
  for (const auto& lb : lbs) {
    if (!lb.is_object()) {
      throw invalid_parameter("loadBalancers must be a list of objects.");
    }
    if (lb.contains("advancedConfiguration")) {
      const Json& adv = lb["advancedConfiguration"];
      if (!adv.is_object() || !adv.contains("alternateTargetGroupArn") ||
          !adv.contains("productionListenerRule") || !adv.contains("roleArn")) {
        throw invalid_parameter(
            "advancedConfiguration requires alternateTargetGroupArn, productionListenerRule and "
            "roleArn.");
      }
    }
  }
  return lbs;
}

Json create_service(Call& c) {
  std::string name = req_string(c.body, "serviceName");
  if (!valid_name(name)) {
    throw invalid_parameter(
        "Service name can have up to 255 characters: letters, numbers, hyphens and "
        "underscores.");
  }
  std::string cluster_arn =
      c.st.resolve_cluster(c.caller.account, opt_string(c.body, "cluster").value_or("default"));
  require_cluster(c, cluster_arn);
  std::string arn = c.st.resolve_service(c.caller.account, cluster_arn, name);
  Service* existing = c.st.find_service(arn);
  if (existing != nullptr && existing->status != "INACTIVE") {
    throw invalid_parameter("Creation of service was not idempotent.");
  }
  TaskDefinition& td = require_task_definition(c, req_string(c.body, "taskDefinition"));
  Service svc;
  svc.arn = arn;
  svc.name = name;
  svc.account = c.caller.account;
  svc.cluster_arn = cluster_arn;
  svc.desired_count = desired_count_member(c.body, 0);
  svc.deployment_configuration =
      normalize_deployment_configuration(opt_object(c.body, "deploymentConfiguration"), Json());
  svc.network_configuration = opt_object(c.body, "networkConfiguration");
  svc.launch_type = opt_string(c.body, "launchType").value_or("FARGATE");
  svc.platform_version = opt_string(c.body, "platformVersion").value_or("LATEST");
  svc.health_check_grace_seconds =
      static_cast<int>(opt_int(c.body, "healthCheckGracePeriodSeconds").value_or(0));
  svc.tags = parse_tags(opt_array(c.body, "tags"), "tags");
  svc.propagate_tags = opt_string(c.body, "propagateTags").value_or("NONE");
  svc.enable_ecs_managed_tags = opt_bool(c.body, "enableECSManagedTags").value_or(false);
  svc.enable_execute_command = opt_bool(c.body, "enableExecuteCommand").value_or(false);
  svc.deployment_controller = deployment_controller_member(c.body);
  svc.load_balancers = load_balancers_member(c.body, Json::array());
  svc.created_at = c.now;
  svc.created_by = c.caller.arn;
  c.st.services.erase(arn);
  Service& stored = c.st.services.emplace(arn, std::move(svc)).first->second;
  start_deployment(c.st, stored, td.arn, c.now);
  return {{"service", service_json(c.st, stored, true)}};
}

Json describe_services(Call& c) {
  std::vector<std::string> names = opt_string_list(c.body, "services");
  if (names.empty()) {
    throw invalid_parameter("Services cannot be empty.");
  }
  if (names.size() > 10) {
    throw invalid_parameter("services can have at most 10 items.");
  }
  std::string cluster_arn =
      c.st.resolve_cluster(c.caller.account, opt_string(c.body, "cluster").value_or("default"));
  require_cluster(c, cluster_arn);
  bool with_tags = false;
  for (const auto& inc : opt_string_list(c.body, "include")) {
    with_tags = with_tags || inc == "TAGS";
  }
  // The hottest call of a polling client: serialized here from cached event texts (the same
  // bytes as {"services": [service_json...], "failures": [...]}.dump()).
  std::string services = "{\"services\":[";
  Json failures = Json::array();
  bool first = true;
  for (const auto& n : names) {
    std::string arn = c.st.resolve_service(c.caller.account, cluster_arn, n);
    Service* svc = c.st.find_service(arn);
    if (svc == nullptr) {
      failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
    } else {
      services += first ? "" : ",";
      services += service_text(c.st, *svc, with_tags);
      first = false;
    }
  }
  c.raw_response = services + "],\"failures\":" + dump_json(failures) + "}";
  return Json::object();
}

Json update_service(Call& c) {
  std::string cluster_arn =
      c.st.resolve_cluster(c.caller.account, opt_string(c.body, "cluster").value_or("default"));
  require_cluster(c, cluster_arn);
  std::string arn =
      c.st.resolve_service(c.caller.account, cluster_arn, req_string(c.body, "service"));
  Service* svc = c.st.find_service(arn);
  if (svc == nullptr) {
    throw client_error("ServiceNotFoundException", "Service not found.");
  }
  if (svc->status != "ACTIVE") {
    throw client_error("ServiceNotActiveException", "Service was not ACTIVE.");
  }
  // Validate everything before changing anything.
  check_controller_allows_rollout(*svc, c.body);
  int desired = desired_count_member(c.body, svc->desired_count);
  Json config = svc->deployment_configuration;
  if (c.body.contains("deploymentConfiguration")) {
    config = normalize_deployment_configuration(opt_object(c.body, "deploymentConfiguration"),
                                                svc->deployment_configuration);
  }
  std::string new_td;
  if (auto ref = opt_string(c.body, "taskDefinition")) {
    new_td = require_task_definition(c, *ref).arn;
  }
  bool force = opt_bool(c.body, "forceNewDeployment").value_or(false);
  if (c.body.contains("networkConfiguration")) {
    svc->network_configuration = opt_object(c.body, "networkConfiguration");
  }
  svc->load_balancers = load_balancers_member(c.body, svc->load_balancers);
  if (auto grace = opt_int(c.body, "healthCheckGracePeriodSeconds")) {
    svc->health_check_grace_seconds = static_cast<int>(*grace);
  }

  bool count_changed = desired != svc->desired_count;
  svc->touch();
  svc->desired_count = desired;
  svc->deployment_configuration = config;
  bool new_deployment = force || (!new_td.empty() && new_td != svc->task_definition);
  if (new_deployment) {
    start_deployment(c.st, *svc, new_td.empty() ? svc->task_definition : new_td, c.now);
  } else if (!svc->deployments.empty()) {
    svc->deployments.front().desired_count = desired;
    if (count_changed) {
      svc->steady_reported = false;
    }
  }
  return {{"service", service_json(c.st, *svc, false)}};
}

Json list_services(Call& c) {
  std::string cluster_arn =
      c.st.resolve_cluster(c.caller.account, opt_string(c.body, "cluster").value_or("default"));
  require_cluster(c, cluster_arn);
  std::vector<std::string> arns;
  for (const auto& [arn, svc] : c.st.services) {
    if (svc.cluster_arn == cluster_arn && svc.status != "INACTIVE") {
      arns.push_back(arn);
    }
  }
  return sorted_page(arns, c.body, "services:" + cluster_arn, 10, 100, "serviceArns");
}

}  // namespace

void add_ecs_service_actions(ActionTable& table) {
  table["CreateService"] = create_service;
  table["DescribeServices"] = describe_services;
  table["UpdateService"] = update_service;
  table["ListServices"] = list_services;
}

}  // namespace emulator
