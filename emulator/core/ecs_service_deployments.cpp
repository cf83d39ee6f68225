// ECS service deployment history: ListServiceDeployments, DescribeServiceDeployments,
// DescribeServiceRevisions, StopServiceDeployment.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/actions.h"
#include "core/api_error.h"
#include "core/deployment_machine.h"
#include "core/ecs_json.h"

namespace emulator {
namespace {

Json list_service_deployments(Call& c) {
  std::string cluster_arn =
      c.st.resolve_cluster(c.caller.account, opt_string(c.body, "cluster").value_or("default"));
  if (c.st.find_cluster(cluster_arn) == nullptr) {
    throw client_error("ClusterNotFoundException", "Cluster not found.");
  }
  std::string service_arn =
      c.st.resolve_service(c.caller.account, cluster_arn, req_string(c.body, "service"));
  if (c.st.find_service(service_arn) == nullptr) {
    throw client_error("ServiceNotFoundException", "Service not found.");
  }
  std::vector<std::string> statuses = opt_string_list(c.body, "status");
  const Json& created = opt_object(c.body, "createdAt");
  auto before = opt_number(created, "before");
  auto after = opt_number(created, "after");
  std::vector<const ServiceDeployment*> found;
  for (const auto& [arn, sd] : c.st.service_deployments) {
    if (sd.service_arn != service_arn) {
      continue;
    }
    if (!statuses.empty() &&
        std::find(statuses.begin(), statuses.end(), sd.status) == statuses.end()) {
      continue;
    }
    if ((before && sd.created_at >= *before) || (after && sd.created_at <= *after)) {
      continue;
    }
    found.push_back(&sd);
  }
  // Newest first, so a deployment created between two pages would shift an offset: the list
  // is ordered by a key (inverted creation ms, then the ARN) and the token names the last key.
  std::vector<std::pair<std::string, const ServiceDeployment*>> ordered;
  for (const auto* sd : found) {
    char inverted[24];
    std::snprintf(inverted, sizeof(inverted), "%016lld",
                  1'000'000'000'000'000LL - std::llround(sd->created_at * 1000));
    ordered.emplace_back(std::string(inverted) + "|" + sd->arn, sd);
  }
  std::sort(ordered.begin(), ordered.end());
  std::vector<std::string> keys;
  for (auto& [key, sd] : ordered) {
    keys.push_back(key);
  }
  std::string scope = "sds:" + service_arn + ":" + dump_json(c.body.value("status", Json())) + ":" +
                      dump_json(created);
  const PageRange page = sorted_page_range(keys, c.body, scope, 20, 100);
  Json out = {{"serviceDeployments", Json::array()}};
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out["serviceDeployments"].push_back(service_deployment_brief_json(*ordered[i].second));
  }
  if (page.next_token) {
    out["nextToken"] = *page.next_token;
  }
  return out;
}

std::vector<std::string> arn_list(const Json& body, const char* member) {
  std::vector<std::string> arns = opt_string_list(body, member);
  if (arns.empty()) {
    throw invalid_parameter(std::string(member) + " cannot be empty.");
  }
  if (arns.size() > 20) {
    throw invalid_parameter(std::string(member) + " can have at most 20 items.");
  }
  return arns;
}

Json describe_service_deployments(Call& c) {
  Json out = {{"serviceDeployments", Json::array()}, {"failures", Json::array()}};
  for (const auto& arn : arn_list(c.body, "serviceDeploymentArns")) {
    auto it = c.st.service_deployments.find(arn);
    if (it == c.st.service_deployments.end()) {
      out["failures"].push_back({{"arn", arn}, {"reason", "MISSING"}});
    } else {
      out["serviceDeployments"].push_back(service_deployment_json(c.st, it->second));
    }
  }
  return out;
}

Json describe_service_revisions(Call& c) {
  Json out = {{"serviceRevisions", Json::array()}, {"failures", Json::array()}};
  for (const auto& arn : arn_list(c.body, "serviceRevisionArns")) {
    auto it = c.st.service_revisions.find(arn);
    if (it == c.st.service_revisions.end()) {
      out["failures"].push_back({{"arn", arn}, {"reason", "MISSING"}});
    } else {
      out["serviceRevisions"].push_back(service_revision_json(it->second));
    }
  }
  return out;
}

Json stop_service_deployment(Call& c) {
  std::string arn = req_string(c.body, "serviceDeploymentArn");
  std::string stop_type = opt_string(c.body, "stopType").value_or("ROLLBACK");
  if (stop_type != "ROLLBACK" && stop_type != "ABORT") {
    throw invalid_parameter("stopType must be ROLLBACK or ABORT.");
  }
  auto it = c.st.service_deployments.find(arn);
  if (it == c.st.service_deployments.end()) {
    throw client_error("ServiceDeploymentNotFoundException",
                       "The service deployment does not exist.");
  }
  ServiceDeployment& sd = it->second;
  if (sd.status != "PENDING" && sd.status != "IN_PROGRESS") {
    throw client_error("ConflictException", "The service deployment is in status " + sd.status +
                                                " and can't be stopped.");
  }
  sd.stop_request = stop_type;
  if (Service* svc = c.st.find_service(sd.service_arn)) {
    svc->touch();
  }
  sd.status = stop_type == "ROLLBACK" ? "ROLLBACK_REQUESTED" : "STOP_REQUESTED";
  sd.updated_at = c.now;
  return {{"serviceDeploymentArn", sd.arn}};
}

Json continue_service_deployment_action(Call& c) {
  std::string arn = req_string(c.body, "serviceDeploymentArn");
  std::string hook_id = req_string(c.body, "hookId");
  std::string action = opt_string(c.body, "action").value_or("CONTINUE");
  auto it = c.st.service_deployments.find(arn);
  if (it == c.st.service_deployments.end()) {
    throw client_error("ServiceDeploymentNotFoundException",
                       "The service deployment does not exist.");
  }
  continue_service_deployment(c.st, it->second, hook_id, action, c.now);
  return {{"serviceDeploymentArn", arn}};
}

}  // namespace

void add_ecs_service_deployment_actions(ActionTable& table) {
  table["ListServiceDeployments"] = list_service_deployments;
  table["DescribeServiceDeployments"] = describe_service_deployments;
  table["DescribeServiceRevisions"] = describe_service_revisions;
  table["StopServiceDeployment"] = stop_service_deployment;
  table["ContinueServiceDeployment"] = continue_service_deployment_action;
}

}  // namespace emulator
