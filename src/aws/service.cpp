#include "aws/service.h"

#include <array>

namespace aws {

namespace {

constexpr std::array<ServiceInfo, 5> k_services = {{
    {Service::Ecs, "ecs", "AmazonEC2ContainerServiceV20141113", "ECS", "ecs"},
    {Service::Ecr, "ecr", "AmazonEC2ContainerRegistry_V20150921", "ECR", "ecr"},
    {Service::Logs, "logs", "Logs_20140328", "CLOUDWATCH_LOGS", "cloudwatch_logs"},
    {Service::Sts, "sts", "", "STS", "sts"},
    {Service::ApplicationAutoScaling, "application-autoscaling", "AnyScaleFrontendService",
     "APPLICATION_AUTO_SCALING", "application_autoscaling"},
}};

}  // namespace

const ServiceInfo& service_info(Service s) {
  for (const auto& info : k_services) {
    if (info.id == s) {
      return info;
    }
  }
  return k_services[0];  // unreachable: every enumerator has a row (checked in tests)
}

}  // namespace aws
