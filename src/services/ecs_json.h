#pragma once
// ECS response members -> plain structs. Pure and non-throwing; services-internal.

#include <vector>

#include <nlohmann/json.hpp>

#include "services/ecs_types.h"

namespace services::ecs_json {

using Json = nlohmann::ordered_json;

std::vector<Failure> failures(const Json& response);
std::vector<Tag> tags(const Json& array);
Json tags_to_json(const std::vector<Tag>& tags);
Cluster cluster(const Json& j);
Deployment deployment(const Json& j);
Service service(const Json& j);
// `response` holds taskDefinition and (with include TAGS) a sibling tags member.
TaskDefinition task_definition(const Json& response);
Task task(const Json& j);
ServiceDeploymentBrief service_deployment_brief(const Json& j);
ServiceDeployment service_deployment(const Json& j);
ServiceRevision service_revision(const Json& j);

}  // namespace services::ecs_json
