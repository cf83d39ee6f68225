#include "services/autoscaling_client.h"

#include "services/json_read.h"

namespace services {

using Json = nlohmann::ordered_json;

std::string ecs_service_resource_id(const std::string& cluster, const std::string& service) {
  return "service/" + cluster + "/" + service;
}

std::optional<ScalableTarget> parse_scalable_target(const Json& response,
                                                    const std::string& resource_id) {
  for (const auto& t : json_read::array(response, "ScalableTargets")) {
    if (json_read::str(t, "ResourceId") != resource_id) {
      continue;
    }
    ScalableTarget out;
    out.resource_id = resource_id;
    out.min_capacity = json_read::integer(t, "MinCapacity");
    out.max_capacity = json_read::integer(t, "MaxCapacity");
    const Json& s = json_read::object(t, "SuspendedState");
    out.dynamic_scaling_in_suspended = json_read::boolean(s, "DynamicScalingInSuspended");
    out.dynamic_scaling_out_suspended = json_read::boolean(s, "DynamicScalingOutSuspended");
    out.scheduled_scaling_suspended = json_read::boolean(s, "ScheduledScalingSuspended");
    return out;
  }
  return std::nullopt;
}

util::Result<std::optional<ScalableTarget>> AutoScalingClient::describe_service_target(
    const std::string& cluster, const std::string& service) {
  const std::string id = ecs_service_resource_id(cluster, service);
  Json input{{"ServiceNamespace", "ecs"},
             {"ResourceIds", Json::array({id})},
             {"ScalableDimension", "ecs:service:DesiredCount"}};
  auto r =
      m_client.call_json(aws::Service::ApplicationAutoScaling, "DescribeScalableTargets", input);
  if (!r) {
    return r.take_error();
  }
  return parse_scalable_target(*r, id);
}

}  // namespace services
