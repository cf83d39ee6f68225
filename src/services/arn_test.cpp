#include "services/arn.h"

#include <gtest/gtest.h>

namespace services {
namespace {

TEST(ArnTest, ParsesServiceArn) {
  auto arn = parse_arn("arn:aws:ecs:eu-west-1:123456789012:service/stg/web");
  ASSERT_TRUE(arn.has_value());
  EXPECT_EQ(arn->partition, "aws");
  EXPECT_EQ(arn->service, "ecs");
  EXPECT_EQ(arn->region, "eu-west-1");
  EXPECT_EQ(arn->account, "123456789012");
  EXPECT_EQ(arn->resource, "service/stg/web");
}

TEST(ArnTest, RejectsNonArns) {
  EXPECT_FALSE(parse_arn("web").has_value());
  EXPECT_FALSE(parse_arn("arn:aws:ecs").has_value());
}

TEST(ArnTest, TaskDefinitionReferences) {
  struct Case {
    const char* in;
    const char* family;
    int revision;
  } cases[] = {
      {"web", "web", 0},
      {"web:12", "web", 12},
      {"arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web-api:3", "web-api", 3},
  };
  for (const auto& c : cases) {
    auto fr = parse_task_definition_ref(c.in);
    ASSERT_TRUE(fr.has_value()) << c.in;
    EXPECT_EQ(fr->family, c.family) << c.in;
    EXPECT_EQ(fr->revision, c.revision) << c.in;
  }
  EXPECT_FALSE(parse_task_definition_ref("web:0").has_value());
  EXPECT_FALSE(parse_task_definition_ref("web:x").has_value());
  EXPECT_FALSE(parse_task_definition_ref(":3").has_value());
  EXPECT_EQ(arn_last_component("arn:aws:ecs:r:1:service/stg/web"), "web");
}

TEST(Arn, LambdaFunctionName) {
  EXPECT_EQ(lambda_function_name("arn:aws:lambda:us-east-1:123456789012:function:smoke"), "smoke");
  EXPECT_EQ(lambda_function_name("arn:aws:lambda:us-east-1:123456789012:function:smoke:live"),
            "smoke");
  EXPECT_EQ(lambda_function_name("smoke"), "smoke");
}

}  // namespace
}  // namespace services
