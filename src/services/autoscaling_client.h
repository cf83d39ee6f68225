#pragma once
// AutoScalingClient: reads the Application Auto Scaling target of an ECS service, so `scale`
// can warn when the target's bounds would undo the new desired count (contributing.md, S9).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/aws_client.h"
#include "util/result.h"

namespace services {

struct ScalableTarget {
  std::string resource_id;  // "service/<cluster>/<service>"
  int min_capacity = 0;
  int max_capacity = 0;
  // SuspendedState: a suspended dynamic scale-in/out no longer moves the count.
  bool dynamic_scaling_in_suspended = false;
  bool dynamic_scaling_out_suspended = false;
  bool scheduled_scaling_suspended = false;
};

// "service/<cluster>/<service>", the ResourceId Application Auto Scaling uses for ECS.
std::string ecs_service_resource_id(const std::string& cluster, const std::string& service);

// The target for `resource_id` in a DescribeScalableTargets response; nullopt if none.
std::optional<ScalableTarget> parse_scalable_target(const nlohmann::ordered_json& response,
                                                    const std::string& resource_id);

class AutoScalingClient {
 public:
  explicit AutoScalingClient(aws::AwsClient& client) : m_client(client) {}

  // The ecs:service:DesiredCount target of the service, or nullopt when none is registered.
  util::Result<std::optional<ScalableTarget>> describe_service_target(const std::string& cluster,
                                                                      const std::string& service);

 private:
  aws::AwsClient& m_client;
};

}  // namespace services
