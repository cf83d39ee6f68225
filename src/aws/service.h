#pragma once
// The AWS services ecsdeploy talks to and their fixed facts (digest §1 and §7): signing
// name, awsJson X-Amz-Target prefix, and the names used for endpoint overrides.

#include <string_view>

namespace aws {

enum class Service { Ecs, Ecr, Logs, Sts, ApplicationAutoScaling };

struct ServiceInfo {
  Service id;
  std::string_view signing_name;   // "ecs"
  std::string_view target_prefix;  // "AmazonEC2ContainerServiceV20141113" (empty for STS)
  std::string_view endpoint_env;   // "ECS" as in AWS_ENDPOINT_URL_ECS
  std::string_view config_key;     // "ecs" in a profile's [services] section
};
const ServiceInfo& service_info(Service s);

}  // namespace aws
