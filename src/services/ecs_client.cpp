#include "services/ecs_client.h"

#include <algorithm>

#include "services/ecs_json.h"
#include "services/json_read.h"

namespace services {

using Json = nlohmann::ordered_json;

namespace {
constexpr size_t k_describe_services_batch = 10;

Json string_array(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& s : items) {
    out.push_back(s);
  }
  return out;
}
}  // namespace

util::Result<Json> EcsClient::call(std::string_view operation, const Json& input) {
  return m_client.call_json(aws::Service::Ecs, operation, input);
}

util::Result<DescribeClustersResult> EcsClient::describe_clusters(
    const std::vector<std::string>& clusters) {
  auto r = call("DescribeClusters", Json{{"clusters", string_array(clusters)}});
  if (!r) {
    return r.take_error();
  }
  DescribeClustersResult out;
  for (const auto& c : json_read::array(*r, "clusters")) {
    out.clusters.push_back(ecs_json::cluster(c));
  }
  out.failures = ecs_json::failures(*r);
  return out;
}

util::Result<DescribeServicesResult> EcsClient::describe_services(
    const std::string& cluster, const std::vector<std::string>& services, bool include_tags) {
  DescribeServicesResult out;
  for (size_t i = 0; i < services.size(); i += k_describe_services_batch) {
    size_t end = std::min(services.size(), i + k_describe_services_batch);
    Json input = Json::object();
    if (!cluster.empty()) {
      input["cluster"] = cluster;
    }
    input["services"] = string_array(
        {services.begin() + static_cast<long>(i), services.begin() + static_cast<long>(end)});
    if (include_tags) {
      input["include"] = Json::array({"TAGS"});
    }
    auto r = call("DescribeServices", input);
    if (!r) {
      return r.take_error();
    }
    for (const auto& s : json_read::array(*r, "services")) {
      out.services.push_back(ecs_json::service(s));
    }
    for (auto& f : ecs_json::failures(*r)) {
      out.failures.push_back(std::move(f));
    }
  }
  return out;
}

util::Result<ListResult> EcsClient::list_services(const std::string& cluster, int max_results,
                                                  const std::string& next_token) {
  Json input = Json::object();
  input["cluster"] = cluster;
  if (max_results > 0) {
    input["maxResults"] = max_results;
  }
  if (!next_token.empty()) {
    input["nextToken"] = next_token;
  }
  auto r = call("ListServices", input);
  if (!r) {
    return r.take_error();
  }
  return ListResult{json_read::strings(*r, "serviceArns"), json_read::str(*r, "nextToken")};
}

util::Result<TaskDefinition> EcsClient::describe_task_definition(const std::string& reference) {
  auto r = call("DescribeTaskDefinition",
                Json{{"taskDefinition", reference}, {"include", Json::array({"TAGS"})}});
  if (!r) {
    return r.take_error();
  }
  if (!json_read::object(*r, "taskDefinition").contains("family")) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "DescribeTaskDefinition response has no taskDefinition");
  }
  return ecs_json::task_definition(*r);
}

util::Result<TaskDefinition> EcsClient::register_task_definition(const Json& definition,
                                                                 const std::vector<Tag>& tags) {
  Json input = definition;
  if (!input.is_object()) {
    return util::make_error(util::ErrorKind::Internal, "task definition is not a JSON object");
  }
  input.erase("tags");
  if (!tags.empty()) {
    input["tags"] = ecs_json::tags_to_json(tags);
  }
  auto r = call("RegisterTaskDefinition", input);
  if (!r) {
    return r.take_error();
  }
  if (!json_read::object(*r, "taskDefinition").contains("family")) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            "RegisterTaskDefinition response has no taskDefinition");
  }
  return ecs_json::task_definition(*r);
}

util::Result<ListResult> EcsClient::list_task_definitions(
    const ListTaskDefinitionsRequest& request) {
  Json input = Json::object();
  if (!request.family_prefix.empty()) {
    input["familyPrefix"] = request.family_prefix;
  }
  if (!request.status.empty()) {
    input["status"] = request.status;
  }
  input["sort"] = request.newest_first ? "DESC" : "ASC";
  if (request.max_results > 0) {
    input["maxResults"] = request.max_results;
  }
  if (!request.next_token.empty()) {
    input["nextToken"] = request.next_token;
  }
  auto r = call("ListTaskDefinitions", input);
  if (!r) {
    return r.take_error();
  }
  return ListResult{json_read::strings(*r, "taskDefinitionArns"), json_read::str(*r, "nextToken")};
}

util::Result<Service> EcsClient::update_service(const UpdateServiceRequest& request) {
  Json input = Json::object();
  if (!request.cluster.empty()) {
    input["cluster"] = request.cluster;
  }
  input["service"] = request.service;
  if (request.desired_count) {
    input["desiredCount"] = *request.desired_count;
  }
  if (request.task_definition) {
    input["taskDefinition"] = *request.task_definition;
  }
  if (request.force_new_deployment) {
    input["forceNewDeployment"] = true;
  }
  auto r = call("UpdateService", input);
  if (!r) {
    return r.take_error();
  }
  return ecs_json::service(json_read::object(*r, "service"));
}

util::Result<ListResult> EcsClient::list_tasks(const ListTasksRequest& request) {
  Json input = Json::object();
  if (!request.cluster.empty()) {
    input["cluster"] = request.cluster;
  }
  if (!request.service_name.empty()) {
    input["serviceName"] = request.service_name;
  }
  if (!request.family.empty()) {
    input["family"] = request.family;
  }
  if (!request.desired_status.empty()) {
    input["desiredStatus"] = request.desired_status;
  }
  if (request.max_results > 0) {
    input["maxResults"] = request.max_results;
  }
  if (!request.next_token.empty()) {
    input["nextToken"] = request.next_token;
  }
  auto r = call("ListTasks", input);
  if (!r) {
    return r.take_error();
  }
  return ListResult{json_read::strings(*r, "taskArns"), json_read::str(*r, "nextToken")};
}

util::Result<DescribeTasksResult> EcsClient::describe_tasks(const std::string& cluster,
                                                            const std::vector<std::string>& tasks) {
  DescribeTasksResult out;
  for (size_t i = 0; i < tasks.size(); i += 100) {
    size_t end = std::min(tasks.size(), i + 100);
    Json input = Json::object();
    if (!cluster.empty()) {
      input["cluster"] = cluster;
    }
    input["tasks"] = string_array(
        {tasks.begin() + static_cast<long>(i), tasks.begin() + static_cast<long>(end)});
    auto r = call("DescribeTasks", input);
    if (!r) {
      return r.take_error();
    }
    for (const auto& t : json_read::array(*r, "tasks")) {
      out.tasks.push_back(ecs_json::task(t));
    }
    for (auto& f : ecs_json::failures(*r)) {
      out.failures.push_back(std::move(f));
    }
  }
  return out;
}

util::Result<ListServiceDeploymentsResult> EcsClient::list_service_deployments(
    const ListServiceDeploymentsRequest& request) {
  Json input = Json::object();
  input["service"] = request.service;
  if (!request.cluster.empty()) {
    input["cluster"] = request.cluster;
  }
  if (!request.statuses.empty()) {
    input["status"] = string_array(request.statuses);
  }
  if (request.max_results > 0) {
    input["maxResults"] = request.max_results;
  }
  if (!request.next_token.empty()) {
    input["nextToken"] = request.next_token;
  }
  auto r = call("ListServiceDeployments", input);
  if (!r) {
    return r.take_error();
  }
  ListServiceDeploymentsResult out;
  for (const auto& d : json_read::array(*r, "serviceDeployments")) {
    out.deployments.push_back(ecs_json::service_deployment_brief(d));
  }
  out.next_token = json_read::str(*r, "nextToken");
  return out;
}

util::Result<DescribeServiceDeploymentsResult> EcsClient::describe_service_deployments(
    const std::vector<std::string>& arns) {
  DescribeServiceDeploymentsResult out;
  for (size_t i = 0; i < arns.size(); i += 20) {
    size_t end = std::min(arns.size(), i + 20);
    auto r = call(
        "DescribeServiceDeployments",
        Json{{"serviceDeploymentArns", string_array({arns.begin() + static_cast<long>(i),
                                                     arns.begin() + static_cast<long>(end)})}});
    if (!r) {
      return r.take_error();
    }
    for (const auto& d : json_read::array(*r, "serviceDeployments")) {
      out.deployments.push_back(ecs_json::service_deployment(d));
    }
    for (auto& f : ecs_json::failures(*r)) {
      out.failures.push_back(std::move(f));
    }
  }
  return out;
}

util::Result<DescribeServiceRevisionsResult> EcsClient::describe_service_revisions(
    const std::vector<std::string>& arns) {
  DescribeServiceRevisionsResult out;
  for (size_t i = 0; i < arns.size(); i += 20) {
    size_t end = std::min(arns.size(), i + 20);
    auto r =
        call("DescribeServiceRevisions",
             Json{{"serviceRevisionArns", string_array({arns.begin() + static_cast<long>(i),
                                                        arns.begin() + static_cast<long>(end)})}});
    if (!r) {
      return r.take_error();
    }
    for (const auto& rev : json_read::array(*r, "serviceRevisions")) {
      out.revisions.push_back(ecs_json::service_revision(rev));
    }
    for (auto& f : ecs_json::failures(*r)) {
      out.failures.push_back(std::move(f));
    }
  }
  return out;
}

util::Result<std::string> EcsClient::stop_service_deployment(const std::string& arn,
                                                             const std::string& stop_type) {
  auto r =
      call("StopServiceDeployment", Json{{"serviceDeploymentArn", arn}, {"stopType", stop_type}});
  if (!r) {
    return r.take_error();
  }
  std::string out = json_read::str(*r, "serviceDeploymentArn");
  return out.empty() ? arn : out;
}

util::Status EcsClient::tag_resource(const std::string& arn, const std::vector<Tag>& tags) {
  auto r = call("TagResource", Json{{"resourceArn", arn}, {"tags", ecs_json::tags_to_json(tags)}});
  if (!r) {
    return r.take_error();
  }
  return {};
}

util::Result<std::vector<Tag>> EcsClient::list_tags_for_resource(const std::string& arn) {
  auto r = call("ListTagsForResource", Json{{"resourceArn", arn}});
  if (!r) {
    return r.take_error();
  }
  return ecs_json::tags(json_read::array(*r, "tags"));
}

}  // namespace services
