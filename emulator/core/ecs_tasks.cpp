// ECS task actions: ListTasks, DescribeTasks, StopTask.
#include "core/actions.h"
#include "core/api_error.h"
#include "core/arn.h"
#include "core/ecs_json.h"
#include "core/task_lifecycle.h"

namespace emulator {
namespace {

std::string require_cluster(Call& c) {
  std::string arn =
      c.st.resolve_cluster(c.caller.account, opt_string(c.body, "cluster").value_or("default"));
  Cluster* cl = c.st.find_cluster(arn);
  if (cl == nullptr || cl->status != "ACTIVE") {
    throw client_error("ClusterNotFoundException", "Cluster not found.");
  }
  return arn;
}

// A task id or ARN → ARN within the cluster.
std::string task_arn(Call& c, const std::string& cluster_arn, const std::string& ref) {
  if (ref.rfind("arn:", 0) == 0) {
    return ref;
  }
  return c.st.arn("ecs", c.caller.account, "task/" + cluster_name_of(cluster_arn) + "/" + ref);
}

Json list_tasks(Call& c) {
  std::string cluster_arn = require_cluster(c);
  auto service_name = opt_string(c.body, "serviceName");
  auto family = opt_string(c.body, "family");
  auto started_by = opt_string(c.body, "startedBy");
  std::string desired = opt_string(c.body, "desiredStatus").value_or("RUNNING");
  if (desired != "RUNNING" && desired != "STOPPED" && desired != "PENDING") {
    throw invalid_parameter("desiredStatus must be RUNNING, PENDING or STOPPED.");
  }
  if (started_by && (service_name || family || c.body.contains("containerInstance"))) {
    throw invalid_parameter("startedBy can not be combined with other filters.");
  }
  std::string service_arn;
  if (service_name) {
    service_arn = c.st.resolve_service(c.caller.account, cluster_arn, *service_name);
    if (c.st.find_service(service_arn) == nullptr) {
      throw client_error("ServiceNotFoundException", "Service not found.");
    }
  }
  std::vector<std::string> arns;
  for (const auto& [arn, t] : c.st.tasks) {
    if (t.cluster_arn != cluster_arn || (service_name && t.service_arn != service_arn) ||
        (started_by && t.started_by != *started_by)) {
      continue;
    }
    if (family) {
      std::string fam = arn_resource(t.task_definition, "task-definition").value_or("");
      if (fam.substr(0, fam.find(':')) != *family) {
        continue;
      }
    }
    bool match = desired == "STOPPED"   ? t.desired_status == "STOPPED"
                 : desired == "PENDING" ? is_pending(t)
                                        : t.desired_status == "RUNNING";
    if (match) {
      arns.push_back(arn);
    }
  }
  // Tasks come and go between pages during a rollout: the token names the last ARN sent.
  std::string scope = "tasks:" + cluster_arn + ":" + service_arn + ":" + desired;
  return sorted_page(arns, c.body, scope, 100, 100, "taskArns");
}

Json describe_tasks(Call& c) {
  std::string cluster_arn = require_cluster(c);
  std::vector<std::string> refs = opt_string_list(c.body, "tasks");
  if (refs.empty()) {
    throw invalid_parameter("Tasks cannot be empty.");
  }
  if (refs.size() > 100) {
    throw invalid_parameter("tasks can have at most 100 items.");
  }
  bool with_tags = false;
  for (const auto& inc : opt_string_list(c.body, "include")) {
    with_tags = with_tags || inc == "TAGS";
  }
  Json tasks = Json::array();
  Json failures = Json::array();
  for (const auto& ref : refs) {
    std::string arn = task_arn(c, cluster_arn, ref);
    auto it = c.st.tasks.find(arn);
    if (it == c.st.tasks.end() || it->second.cluster_arn != cluster_arn) {
      failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
    } else {
      tasks.push_back(task_json(it->second, with_tags));
    }
  }
  return {{"tasks", tasks}, {"failures", failures}};
}

Json stop_task_action(Call& c) {
  std::string cluster_arn = require_cluster(c);
  std::string arn = task_arn(c, cluster_arn, req_string(c.body, "task"));
  auto it = c.st.tasks.find(arn);
  if (it == c.st.tasks.end()) {
    throw invalid_parameter("The referenced task was not found.");
  }
  std::string reason = opt_string(c.body, "reason").value_or("Task stopped by user");
  stop_task(c.st, it->second, c.now, "UserInitiated", reason);
  if (Service* svc = c.st.find_service(it->second.service_arn)) {
    svc->touch();
  }
  return {{"task", task_json(it->second, false)}};
}

}  // namespace

void add_ecs_task_actions(ActionTable& table) {
  table["ListTasks"] = list_tasks;
  table["DescribeTasks"] = describe_tasks;
  table["StopTask"] = stop_task_action;
}

}  // namespace emulator
