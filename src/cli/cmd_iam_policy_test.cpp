#include "cli/cmd_iam_policy.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

using Json = nlohmann::ordered_json;

OptionValues values(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  OptionValues v;
  for (const auto& [name, value] : pairs) {
    v.set(name, OptionValue{value, ValueSource::Flag, std::string("--") + name});
  }
  return v;
}

TEST(IamPolicyCommandTest, AccountRegionAndPartitionFromTheTaskDefinition) {
  util::MapEnv env;
  const Json td = {
      {"taskDefinitionArn", "arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web:3"}};
  auto t = policy_target_from(values({{"cluster", "stg"}, {"service", "web"}}), env, td, "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->account, "123456789012");
  EXPECT_EQ(t->region, "cn-north-1");
  EXPECT_EQ(t->partition, "aws-cn");
}

TEST(IamPolicyCommandTest, OptionsAndEnvironmentWin) {
  util::MapEnv env(std::map<std::string, std::string>{{"AWS_REGION", "eu-west-1"}});
  const Json td = {{"executionRoleArn", "arn:aws:iam::123456789012:role/x"}};
  auto t = policy_target_from(values({{"cluster", "stg"},
                                      {"service", "web"},
                                      {"account", "210987654321"},
                                      {"github-repo", "o/r"},
                                      {"github-environment", "stg"}}),
                              env, td, "");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->account, "210987654321");
  EXPECT_EQ(t->region, "eu-west-1");
  EXPECT_EQ(t->github_repository, "o/r");
  auto flag = policy_target_from(values({{"cluster", "stg"}, {"service", "web"}}), env, td,
                                 "ap-northeast-1");
  ASSERT_TRUE(flag.ok());
  EXPECT_EQ(flag->region, "ap-northeast-1");
}

TEST(IamPolicyCommandTest, OfflinePauseHooksAndAlarmsFromTheOptions) {
  util::MapEnv env;
  const Json td = {{"taskDefinitionArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/w:1"}};
  auto plain = policy_target_from(values({{"cluster", "stg"}, {"service", "web"}}), env, td, "");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->pause_hooks);
  EXPECT_TRUE(plain->alarm_names.empty());
  OptionValues v =
      values({{"cluster", "stg"}, {"service", "web"}, {"alarms", "web-5xx, web-p99,"}});
  v.set("pause-hooks", OptionValue{"true", ValueSource::Flag, "--pause-hooks"});
  auto t = policy_target_from(v, env, td, "");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->pause_hooks);
  EXPECT_EQ(t->alarm_names, (std::vector<std::string>{"web-5xx", "web-p99"}));
}

TEST(IamPolicyCommandTest, MissingFactsAreNamed) {
  util::MapEnv env;
  struct Row {
    OptionValues v;
    std::string message;
  };
  const Row rows[] = {
      {values({{"service", "web"}}), "cluster"},
      {values({{"cluster", "stg"}, {"service", "web"}}), "--account"},
      {values({{"cluster", "stg"}, {"service", "web"}, {"account", "123456789012"}}), "--region"},
  };
  for (const auto& row : rows) {
    auto t = policy_target_from(row.v, env, Json::object(), "");
    ASSERT_FALSE(t.ok()) << row.message;
    EXPECT_EQ(t.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(t.error().message.find(row.message), std::string::npos) << t.error().message;
  }
}

}  // namespace
}  // namespace cli
