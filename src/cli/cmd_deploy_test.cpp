// deploy's own options beyond the shared table tests (cmd_parse_test.cpp): the ECR repository
// from the config file or the flag.

#include "cli/cmd_deploy.h"

#include <gtest/gtest.h>

#include "cli/invocation.h"

namespace cli {
namespace {

using Env = std::map<std::string, std::string>;

util::Result<engine::DeployOptions> deploy_with(const std::vector<std::string>& args,
                                                const std::string& config_text) {
  util::MapEnv env(Env{});
  std::vector<std::string> full = {"deploy"};
  full.insert(full.end(), args.begin(), args.end());
  auto parsed = parse_argv(full, global_option_table(), [](std::string_view name) {
    const Command* c = find_command(name);
    return c != nullptr ? std::optional<OptionTable>(c->options) : std::nullopt;
  });
  if (!parsed) {
    return parsed.take_error();
  }
  auto global = global_options_from(*parsed, env);
  if (!global) {
    return global.take_error();
  }
  std::optional<ConfigFile> config;
  if (!config_text.empty()) {
    auto f = parse_config_text(config_text, "ecsdeploy.yml");
    if (!f) {
      return f.take_error();
    }
    config = *f;
  }
  auto inv = resolve_invocation(*parsed, *global, *find_command("deploy"), env, config);
  if (!inv) {
    return inv.take_error();
  }
  return parse_deploy(inv->values, env);
}

const char* k_config =
    "web:\n  cluster: stg\n  service: web\n  container: app\n  family: web\n"
    "  repository: team/web\n";

TEST(DeployRepository, ComesFromTheConfigFileSoPreflightChecksTheTagInRoundOne) {
  auto o = deploy_with({"--image-tag", "v2"}, k_config);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->family, "web");
  EXPECT_EQ(o->repository, "team/web");
}

TEST(DeployRepository, FlagBeatsConfigAndIsValidated) {
  auto o = deploy_with({"--image-tag", "v2", "--repository", "team/api"}, k_config);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->repository, "team/api");
  auto bad = deploy_with({"--image-tag", "v2", "--repository", "Team/Web"}, k_config);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_NE(bad.error().message.find("Team/Web"), std::string::npos) << bad.error().message;
}

TEST(DeployRepository, UnsetWithoutConfigOrFlag) {
  auto o = deploy_with(
      {"--cluster", "stg", "--service", "web", "--container", "app", "--image-tag", "v2"}, "");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->repository, "");
}

}  // namespace
}  // namespace cli
