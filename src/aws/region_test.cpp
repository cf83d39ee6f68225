#include "aws/region.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

TEST(Region, PrecedenceTable) {
  ConfigSection profile;
  profile.values["region"] = "eu-central-1";
  struct Case {
    std::optional<std::string> flag;
    std::map<std::string, std::string> env;
    bool with_profile;
    std::string expected;
  };
  const Case cases[] = {
      {"ap-south-1",
       {{"AWS_REGION", "us-east-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}},
       true,
       "ap-south-1"},
      {std::nullopt,
       {{"AWS_REGION", "us-east-1"}, {"AWS_DEFAULT_REGION", "us-west-2"}},
       true,
       "us-east-1"},
      {std::nullopt, {{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", "us-west-2"}}, true, "us-west-2"},
      {std::nullopt, {}, true, "eu-central-1"},
      {std::nullopt, {{"AWS_REGION", " cn-north-1 "}}, false, "cn-north-1"},
  };
  for (const auto& c : cases) {
    util::MapEnv env(c.env);
    auto r = resolve_region(c.flag, env,
                            c.with_profile ? std::optional<ConfigSection>(profile) : std::nullopt);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(*r, c.expected);
  }
}

TEST(Region, Errors) {
  util::MapEnv env;
  auto none = resolve_region(std::nullopt, env, std::nullopt);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_EQ(none.error().message, "no region: pass --region or set AWS_REGION");

  env.set("AWS_REGION", "us-east-1");
  auto empty = resolve_region(std::string(""), env, std::nullopt);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_NE(empty.error().message.find("--region is empty"), std::string::npos);

  env.set("AWS_REGION", "us east/1");
  auto bad = resolve_region(std::nullopt, env, std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "AWS_REGION 'us east/1' is not a region name such as us-east-1");
}

TEST(Region, NameValidation) {
  EXPECT_TRUE(is_valid_region_name("us-gov-west-1"));
  EXPECT_TRUE(is_valid_region_name("local"));
  EXPECT_FALSE(is_valid_region_name("US-EAST-1"));
  EXPECT_FALSE(is_valid_region_name("1us"));
  EXPECT_FALSE(is_valid_region_name("us-east-1.evil.com"));
}

}  // namespace
}  // namespace aws
