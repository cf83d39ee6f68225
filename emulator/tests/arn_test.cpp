#include "core/arn.h"

#include <gtest/gtest.h>

namespace emulator {
namespace {

TEST(Arn, SplitsTheFiveFieldsAndKeepsColonsInTheResource) {
  auto parts = parse_arn("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->partition, "aws");
  EXPECT_EQ(parts->service, "logs");
  EXPECT_EQ(parts->region, "us-east-1");
  EXPECT_EQ(parts->account, "123456789012");
  EXPECT_EQ(parts->resource, "log-group:/ecs/web:*");
  EXPECT_FALSE(parse_arn("web"));
  EXPECT_FALSE(parse_arn("arn:aws:ecs"));
}

TEST(Arn, ResourceOfAType) {
  const std::string svc = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
  EXPECT_EQ(arn_resource(svc, "service").value_or("?"), "prod/web");
  EXPECT_FALSE(arn_resource(svc, "cluster"));
  EXPECT_FALSE(arn_resource(svc, "serv"));  // a prefix of the type is not the type
  EXPECT_EQ(arn_resource("arn:aws:sts::1:assumed-role/deployer/s", "assumed-role").value_or("?"),
            "deployer/s");
  EXPECT_EQ(cluster_name_of("arn:aws:ecs:us-east-1:1:cluster/prod"), "prod");
  EXPECT_EQ(cluster_name_of("prod"), "default");
}

}  // namespace
}  // namespace emulator
