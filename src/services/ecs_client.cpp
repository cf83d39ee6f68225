#include "services/ecs_client.h"

#include <algorithm>

#include "services/ecs_json.h"
#include "services/json_read.h"
#include "services/json_write.h"

namespace services {

using Json = nlohmann::ordered_json;
using json_write::put_nonempty;
using json_write::put_positive;
using json_write::string_array;

namespace {
// How many names one Describe* call takes (the API limits).
constexpr size_t k_describe_services_limit = 10;
constexpr size_t k_describe_tasks_limit = 100;
constexpr size_t k_describe_service_deployments_limit = 20;
constexpr size_t k_describe_service_revisions_limit = 20;

// `names` in batches of at most `limit`, each a JSON array, in order.
std::vector<Json> batches(const std::vector<std::string>& names, size_t limit) {
  std::vector<Json> out;
  for (size_t i = 0; i < names.size(); i += limit) {
    const size_t end = std::min(names.size(), i + limit);
    out.push_back(string_array(
        {names.begin() + static_cast<long>(i), names.begin() + static_cast<long>(end)}));
  }
  return out;
}

// Appends a Describe* answer's `key` entries, parsed by `parse`, and its failures.
template <class Item>
void collect(const Json& response, const char* key, Item (*parse)(const Json&),
             std::vector<Item>& items, std::vector<Failure>& failures) {
  for (const auto& j : json_read::array(response, key)) {
    items.push_back(parse(j));
  }
  for (auto& f : ecs_json::failures(response)) {
    failures.push_back(std::move(f));
  }
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
  collect(*r, "clusters", ecs_json::cluster, out.clusters, out.failures);
  return out;
}

util::Result<DescribeServicesResult> EcsClient::describe_services(
    const std::string& cluster, const std::vector<std::string>& services, bool include_tags) {
  DescribeServicesResult out;
  for (Json& batch : batches(services, k_describe_services_limit)) {
    Json input = Json::object();
    put_nonempty(input, "cluster", cluster);
    input["services"] = std::move(batch);
    if (include_tags) {
      input["include"] = Json::array({"TAGS"});
    }
    auto r = call("DescribeServices", input);
    if (!r) {
      return r.take_error();
    }
    collect(*r, "services", ecs_json::service, out.services, out.failures);
  }
  return out;
}

util::Result<ListResult> EcsClient::list_services(const std::string& cluster, int max_results,
                                                  const std::string& next_token) {
  Json input = Json::object();
  input["cluster"] = cluster;
  put_positive(input, "maxResults", max_results);
  put_nonempty(input, "nextToken", next_token);
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
  put_nonempty(input, "familyPrefix", request.family_prefix);
  put_nonempty(input, "status", request.status);
  input["sort"] = request.newest_first ? "DESC" : "ASC";
  put_positive(input, "maxResults", request.max_results);
  put_nonempty(input, "nextToken", request.next_token);
  auto r = call("ListTaskDefinitions", input);
  if (!r) {
    return r.take_error();
  }
  auto arns = json_read::listing(*r, "taskDefinitionArns", "ListTaskDefinitions");
  if (!arns) {
    return arns.take_error();
  }
  return ListResult{std::move(*arns), json_read::str(*r, "nextToken")};
}

util::Result<Service> EcsClient::update_service(const UpdateServiceRequest& request) {
  Json input = Json::object();
  put_nonempty(input, "cluster", request.cluster);
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
  put_nonempty(input, "cluster", request.cluster);
  put_nonempty(input, "serviceName", request.service_name);
  put_nonempty(input, "family", request.family);
  put_nonempty(input, "desiredStatus", request.desired_status);
  put_positive(input, "maxResults", request.max_results);
  put_nonempty(input, "nextToken", request.next_token);
  auto r = call("ListTasks", input);
  if (!r) {
    return r.take_error();
  }
  return ListResult{json_read::strings(*r, "taskArns"), json_read::str(*r, "nextToken")};
}

util::Result<DescribeTasksResult> EcsClient::describe_tasks(const std::string& cluster,
                                                            const std::vector<std::string>& tasks) {
  DescribeTasksResult out;
  for (Json& batch : batches(tasks, k_describe_tasks_limit)) {
    Json input = Json::object();
    put_nonempty(input, "cluster", cluster);
    input["tasks"] = std::move(batch);
    auto r = call("DescribeTasks", input);
    if (!r) {
      return r.take_error();
    }
    collect(*r, "tasks", ecs_json::task, out.tasks, out.failures);
  }
  return out;
}

util::Result<ListServiceDeploymentsResult> EcsClient::list_service_deployments(
    const ListServiceDeploymentsRequest& request) {
  Json input = Json::object();
  input["service"] = request.service;
  put_nonempty(input, "cluster", request.cluster);
  if (!request.statuses.empty()) {
    input["status"] = string_array(request.statuses);
  }
  put_positive(input, "maxResults", request.max_results);
  put_nonempty(input, "nextToken", request.next_token);
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
  for (Json& batch : batches(arns, k_describe_service_deployments_limit)) {
    auto r = call("DescribeServiceDeployments", Json{{"serviceDeploymentArns", std::move(batch)}});
    if (!r) {
      return r.take_error();
    }
    collect(*r, "serviceDeployments", ecs_json::service_deployment, out.deployments, out.failures);
  }
  return out;
}

util::Result<DescribeServiceRevisionsResult> EcsClient::describe_service_revisions(
    const std::vector<std::string>& arns) {
  DescribeServiceRevisionsResult out;
  for (Json& batch : batches(arns, k_describe_service_revisions_limit)) {
    auto r = call("DescribeServiceRevisions", Json{{"serviceRevisionArns", std::move(batch)}});
    if (!r) {
      return r.take_error();
    }
    collect(*r, "serviceRevisions", ecs_json::service_revision, out.revisions, out.failures);
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

util::Result<std::string> EcsClient::continue_service_deployment(const std::string& arn,
                                                                 const std::string& hook_id,
                                                                 const std::string& action) {
  auto r = call("ContinueServiceDeployment",
                Json{{"serviceDeploymentArn", arn}, {"hookId", hook_id}, {"action", action}});
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
