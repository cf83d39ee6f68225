#pragma once
// The service clients an engine operation talks through. The CLI builds them on one
// aws::AwsClient; tests build them on a FakeTransport or point them at the emulator.

#include "services/autoscaling_client.h"
#include "services/ecr_client.h"
#include "services/ecs_client.h"
#include "services/logs_client.h"
#include "services/sts_client.h"

namespace engine {

struct Clients {
  services::EcsClient& ecs;
  services::EcrClient& ecr;
  services::LogsClient& logs;
  services::StsClient& sts;
  // Optional: when null, `scale` skips its Application Auto Scaling bounds check.
  services::AutoScalingClient* autoscaling = nullptr;
};

}  // namespace engine
