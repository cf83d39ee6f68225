#pragma once
// Fixture base for service client tests that check what goes on the wire: an AwsClient over a
// scripted FakeTransport, every service at http://fake.invalid, one attempt per call (so a
// queued error comes straight back). Header-only: a .cpp under src/services/ would join the
// product library.

#include <memory>
#include <optional>

#include <gtest/gtest.h>

#include "aws/aws_client.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"

namespace testing_support {

class FakeClientTestBase : public ::testing::Test {
 protected:
  FakeClientTestBase() {
    aws::ClientConfig config;
    config.region = "us-east-1";
    for (auto s : {aws::Service::Ecs, aws::Service::Ecr, aws::Service::Logs, aws::Service::Sts,
                   aws::Service::ApplicationAutoScaling}) {
      config.endpoints[s] = "http://fake.invalid";
    }
    config.max_attempts = 1;
    client = std::make_unique<aws::AwsClient>(transport, creds, clock, config);
  }

  FakeTransport transport;
  ManualClock clock;
  aws::StaticProvider creds{aws::Credentials{"AKID", "secret", "", std::nullopt, "test"}};
  std::unique_ptr<aws::AwsClient> client;
};

}  // namespace testing_support
