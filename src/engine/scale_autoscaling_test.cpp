// scale's Application Auto Scaling bounds check: advisory warnings, never a failure.

#include "engine/scale_autoscaling.h"

#include "engine/scale_test_fixture.h"
#include "support/fake_transport.h"

namespace engine {
namespace {

using fake::Json;

class ScaleAutoScalingTest : public ScaleTestBase {
 protected:
  void SetUp() override {
    ScaleTestBase::SetUp();
    options.desired_count = 0;
    aws::ClientConfig config;
    config.region = "us-east-1";
    config.endpoints[aws::Service::ApplicationAutoScaling] = "http://aas.invalid";
    config.max_attempts = 1;
    as_client = std::make_unique<aws::AwsClient>(as_transport, creds, clock, config);
    as_service = std::make_unique<services::AutoScalingClient>(*as_client);
    autoscaling = as_service.get();
  }
  void push_target(int min, int max, bool out_suspended = false) {
    Json t{{"ServiceNamespace", "ecs"},
           {"ResourceId", "service/stg/web"},
           {"ScalableDimension", "ecs:service:DesiredCount"},
           {"MinCapacity", min},
           {"MaxCapacity", max},
           {"SuspendedState",
            {{"DynamicScalingInSuspended", false},
             {"DynamicScalingOutSuspended", out_suspended},
             {"ScheduledScalingSuspended", false}}}};
    as_transport.push(200, Json{{"ScalableTargets", Json::array({t})}}.dump());
  }
  std::vector<Message> messages(Severity s) const {
    return ScaleTestBase::messages(s, "Application Auto Scaling");
  }

  testing_support::FakeTransport as_transport;
  aws::StaticProvider creds{aws::Credentials{"AKID", "secret", "", std::nullopt, "test"}};
  std::unique_ptr<aws::AwsClient> as_client;
  std::unique_ptr<services::AutoScalingClient> as_service;
};

TEST_F(ScaleAutoScalingTest, MinimumAboveTheNewCountWarnsButStillScales) {
  push_target(2, 10);
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  auto w = messages(Severity::Warning);
  ASSERT_EQ(w.size(), 1u) << reporter.dump();
  EXPECT_NE(w[0].text.find("Application Auto Scaling target service/stg/web has MinCapacity 2 > "
                           "desired count 0: it will scale the service back up"),
            std::string::npos)
      << w[0].text;
  EXPECT_NE(w[0].text.find("register-scalable-target"), std::string::npos);
  EXPECT_EQ(aws.service()["desiredCount"], 0);
  ASSERT_EQ(as_transport.requests().size(), 1u);
  EXPECT_EQ(aws::find_header(as_transport.requests()[0].headers, "X-Amz-Target").value_or(""),
            "AnyScaleFrontendService.DescribeScalableTargets");
}

TEST_F(ScaleAutoScalingTest, SuspendedScaleOutDoesNotWarn) {
  push_target(2, 10, /*out_suspended=*/true);
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(messages(Severity::Warning).empty()) << reporter.dump();
}

TEST_F(ScaleAutoScalingTest, MaximumBelowTheNewCountWarns) {
  options.desired_count = 5;
  push_target(1, 3);
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  auto w = messages(Severity::Warning);
  ASSERT_EQ(w.size(), 1u) << reporter.dump();
  EXPECT_NE(w[0].text.find("has MaxCapacity 3 < desired count 5"), std::string::npos) << w[0].text;
}

TEST_F(ScaleAutoScalingTest, CountWithinTheBoundsIsQuiet) {
  options.desired_count = 3;
  push_target(1, 4);
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(messages(Severity::Warning).empty()) << reporter.dump();
  EXPECT_TRUE(messages(Severity::Notice).empty()) << reporter.dump();
}

TEST_F(ScaleAutoScalingTest, NoTargetIsQuiet) {
  as_transport.push(200, R"({"ScalableTargets":[]})");
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(messages(Severity::Warning).empty()) << reporter.dump();
}

// Advisory: a role without the permission still scales, and the warning names what to grant.
TEST_F(ScaleAutoScalingTest, AccessDeniedWarnsNamingThePermissionButStillScales) {
  as_transport.push(400, R"({"__type":"AccessDeniedException","Message":"not allowed"})");
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.service()["desiredCount"], 0);
  auto w = messages(Severity::Warning);
  ASSERT_EQ(w.size(), 1u) << reporter.dump();
  EXPECT_NE(w[0].text.find("check skipped: application-autoscaling:DescribeScalableTargets was "
                           "denied"),
            std::string::npos)
      << w[0].text;
  EXPECT_TRUE(messages(Severity::Notice).empty());
}

TEST_F(ScaleAutoScalingTest, UnreachableEndpointBecomesANotice) {
  as_transport.push_error(util::make_error(util::ErrorKind::Network, "connection refused"));
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(messages(Severity::Notice).size(), 1u) << reporter.dump();
}

TEST_F(ScaleAutoScalingTest, DryRunStillWarns) {
  options.dry_run = true;
  push_target(2, 10);
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(messages(Severity::Warning).size(), 1u) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
}

}  // namespace
}  // namespace engine
