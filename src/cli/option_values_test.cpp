#include "cli/option_values.h"

#include <gtest/gtest.h>

#include "cli/common_options.h"

namespace cli {
namespace {

constexpr OptionSpec k_table[] = {opt::cluster, opt::service, opt::timeout,
                                  opt::wait,    opt::dry_run, opt::image_tag};

ConfigTarget target() {
  return ConfigTarget{"web", {{"cluster", "cfg-cluster"}, {"service", "cfg-service"}}};
}

TEST(OptionValues, PrecedenceFlagEnvConfigDefault) {
  ParsedArgs args;
  args.values = {{"cluster", "flag-cluster"}};
  util::MapEnv env({{"ECSDEPLOY_CLUSTER", "env-cluster"},
                    {"ECSDEPLOY_SERVICE", "env-service"},
                    {"ECSDEPLOY_IMAGE_TAG", ""}});
  ConfigTarget t = target();
  auto v = OptionValues::resolve(k_table, args, env, &t, "ecsdeploy.yml");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->get("cluster"), "flag-cluster");
  EXPECT_EQ(v->origin("cluster"), "--cluster");
  EXPECT_EQ(v->get("service"), "env-service");
  EXPECT_EQ(v->origin("service"), "ECSDEPLOY_SERVICE");
  EXPECT_EQ(v->get("timeout"), "30m");
  EXPECT_EQ(v->find("timeout")->source, ValueSource::Default);
  EXPECT_TRUE(v->flag("wait"));
  EXPECT_FALSE(v->flag("dry-run"));
  // An empty variable counts as unset (CI templates pass "" for optional inputs).
  EXPECT_FALSE(v->get("image-tag").has_value());
}

TEST(OptionValues, ConfigWhenNoFlagOrEnv) {
  ParsedArgs args;
  util::MapEnv env;
  ConfigTarget t = target();
  auto v = OptionValues::resolve(k_table, args, env, &t, "ecsdeploy.yml");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->get("cluster"), "cfg-cluster");
  EXPECT_EQ(v->origin("cluster"), "ecsdeploy.yml (target 'web', cluster)");
  EXPECT_EQ(v->find("service")->source, ValueSource::Config);
}

TEST(OptionValues, FlagsFromEnvironment) {
  struct Row {
    std::string value;
    bool ok;
    bool expected;
  };
  for (const Row& row : std::vector<Row>{{"true", true, true},
                                         {"1", true, true},
                                         {"YES", true, true},
                                         {"false", true, false},
                                         {"off", true, false},
                                         {"0", true, false},
                                         {"maybe", false, false}}) {
    util::MapEnv env({{"ECSDEPLOY_DRY_RUN", row.value}});
    auto v = OptionValues::resolve(k_table, ParsedArgs{}, env, nullptr, "");
    ASSERT_EQ(v.ok(), row.ok) << row.value;
    if (row.ok) {
      EXPECT_EQ(v->flag("dry-run"), row.expected) << row.value;
    } else {
      EXPECT_EQ(v.error().message,
                "ECSDEPLOY_DRY_RUN='maybe' is not a boolean (use true or false)");
    }
  }
  util::MapEnv env(std::map<std::string, std::string>{{"ECSDEPLOY_WAIT", "false"}});
  ParsedArgs args;
  args.values = {{"wait", "true"}};  // the flag beats the environment
  auto v = OptionValues::resolve(k_table, args, env, nullptr, "");
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->flag("wait"));
}

}  // namespace
}  // namespace cli
