#include "services/autoscaling_client.h"

#include <gtest/gtest.h>

#include "services/testing/fake_client_test_base.h"

namespace services {
namespace {

using Json = nlohmann::ordered_json;

class AutoScalingClientTest : public testing_support::FakeClientTestBase {};

TEST_F(AutoScalingClientTest, AsksForTheServiceDesiredCountTarget) {
  transport.push(200, R"({"ScalableTargets":[{"ServiceNamespace":"ecs",
    "ResourceId":"service/stg/web","ScalableDimension":"ecs:service:DesiredCount",
    "MinCapacity":2,"MaxCapacity":8,
    "SuspendedState":{"DynamicScalingInSuspended":true,"DynamicScalingOutSuspended":false,
                      "ScheduledScalingSuspended":true}}]})");
  AutoScalingClient as(*client);
  auto r = as.describe_service_target("stg", "web");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->min_capacity, 2);
  EXPECT_EQ((*r)->max_capacity, 8);
  EXPECT_TRUE((*r)->dynamic_scaling_in_suspended);
  EXPECT_FALSE((*r)->dynamic_scaling_out_suspended);
  EXPECT_TRUE((*r)->scheduled_scaling_suspended);

  ASSERT_EQ(transport.requests().size(), 1u);
  const auto& req = transport.requests()[0];
  EXPECT_EQ(aws::find_header(req.headers, "X-Amz-Target").value_or(""),
            "AnyScaleFrontendService.DescribeScalableTargets");
  Json body = Json::parse(req.body);
  EXPECT_EQ(body["ServiceNamespace"], "ecs");
  EXPECT_EQ(body["ResourceIds"], Json::array({"service/stg/web"}));
  EXPECT_EQ(body["ScalableDimension"], "ecs:service:DesiredCount");
}

TEST_F(AutoScalingClientTest, NoRegisteredTargetIsNullopt) {
  transport.push(200, R"({"ScalableTargets":[]})");
  AutoScalingClient as(*client);
  auto r = as.describe_service_target("stg", "web");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_FALSE(r->has_value());
}

TEST_F(AutoScalingClientTest, AccessDeniedIsAnError) {
  transport.push(400, R"({"__type":"AccessDeniedException","Message":"not allowed"})");
  AutoScalingClient as(*client);
  auto r = as.describe_service_target("stg", "web");
  ASSERT_FALSE(r.ok());
}

TEST(ParseScalableTarget, IgnoresOtherResources) {
  Json resp = Json::parse(R"({"ScalableTargets":[{"ResourceId":"service/stg/api",
    "MinCapacity":3,"MaxCapacity":4}]})");
  EXPECT_FALSE(parse_scalable_target(resp, "service/stg/web").has_value());
  auto t = parse_scalable_target(resp, "service/stg/api");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->min_capacity, 3);
  EXPECT_FALSE(t->dynamic_scaling_in_suspended);
}

}  // namespace
}  // namespace services
