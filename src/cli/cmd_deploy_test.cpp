// deploy's own options beyond the shared table tests (cmd_parse_test.cpp): the ECR repository
// from the config file or the flag.

#include "cli/cmd_deploy.h"

#include <gtest/gtest.h>

#include "cli/cmd_deploy_services.h"
#include "cli/invocation.h"

namespace cli {
namespace {

using Env = std::map<std::string, std::string>;

util::Result<Invocation> invoke_with(const std::vector<std::string>& args,
                                     const std::string& config_text, const Env& env_vars,
                                     std::optional<ConfigFile>& config) {
  util::MapEnv env(env_vars);
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
  if (!config_text.empty()) {
    auto f = parse_config_text(config_text, "ecsdeploy.yml");
    if (!f) {
      return f.take_error();
    }
    config = *f;
  }
  return resolve_invocation(*parsed, *global, *find_command("deploy"), env, config);
}

util::Result<ServicesSelection> services_with(const std::vector<std::string>& args,
                                              const std::string& config_text,
                                              const Env& env_vars = {}) {
  std::optional<ConfigFile> config;
  auto inv = invoke_with(args, config_text, env_vars, config);
  if (!inv) {
    return inv.take_error();
  }
  EXPECT_TRUE(wants_several_services(inv->values));
  return parse_deploy_services(inv->values, util::MapEnv(env_vars), config, inv->global.target);
}

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

const char* k_three =
    "web:\n  cluster: stg\n  service: web\n  container: app\n  family: web\n"
    "  repository: team/web\n  region: eu-west-1\n"
    "worker:\n  cluster: stg\n  service: worker\n  container: main\n  family: worker\n"
    "  region: eu-west-1\n  expect_account: \"111111111111\"\n"
    "api:\n  cluster: prod\n  service: api\n  container: app\n";

TEST(DeployServices, EachEntryGivesItsTargetAndTheRestIsShared) {
  auto s = services_with({"--services", "web, worker", "--image-tag", "v7", "--desired-count", "3",
                          "--timeout", "10m", "--no-rollback-on-failure"},
                         k_three);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->entries, (std::vector<std::string>{"web", "worker"}));
  ASSERT_EQ(s->services.size(), 2u);
  const auto& web = s->services[0];
  const auto& worker = s->services[1];
  EXPECT_EQ(web.cluster, "stg");
  EXPECT_EQ(web.service, "web");
  EXPECT_EQ(web.container, "app");
  EXPECT_EQ(web.repository, "team/web");
  EXPECT_EQ(web.expected_account, "");
  EXPECT_EQ(worker.container, "main");
  EXPECT_EQ(worker.family, "worker");
  EXPECT_EQ(worker.repository, "");
  EXPECT_EQ(worker.expected_account, "111111111111");
  for (const auto& o : s->services) {
    EXPECT_EQ(o.image_tag, "v7");
    EXPECT_EQ(o.desired_count, 3);
    EXPECT_EQ(o.watch.timeout, std::chrono::minutes(10));
    EXPECT_FALSE(o.rollback_on_failure);
  }
  EXPECT_EQ(s->region, "eu-west-1");
  EXPECT_FALSE(s->services[0].keep_desired_count);  // --desired-count 3 given
}

TEST(DeployServices, WithoutADesiredCountEachServiceKeepsItsOwn) {
  auto s = services_with({"--services", "web,worker", "--image-tag", "v7"}, k_three);
  ASSERT_TRUE(s.ok()) << s.error().message;
  for (const auto& o : s->services) {
    EXPECT_TRUE(o.keep_desired_count);
  }
  auto e = services_with({"--services", "web", "--image-tag", "v7"}, k_three,
                         {{"ECSDEPLOY_DESIRED_COUNT", "4"}});
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_FALSE(e->services[0].keep_desired_count);
  EXPECT_EQ(e->services[0].desired_count, 4);
}

TEST(DeployServices, AllServicesTakesTheFileOrder) {
  auto s = services_with({"--all-services", "--image-tag", "v7"},
                         "b:\n  cluster: c\n  service: b\n  container: x\n"
                         "a:\n  cluster: c\n  service: a\n  container: x\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->entries, (std::vector<std::string>{"b", "a"}));
  EXPECT_FALSE(s->region.has_value());
}

TEST(DeployServices, Refusals) {
  const struct {
    std::vector<std::string> args;
    Env env;
    const char* config;
    const char* expected;  // a part of the message
  } rows[] = {
      {{"--services", "web,nope"}, {}, k_three, "no entry 'nope'"},
      {{"--services", "web,,api"}, {}, k_three, "comma-separated"},
      {{"--services", "web,web"}, {}, k_three, "named twice"},
      {{"--services", "web,api"}, {}, k_three, "different regions"},
      {{"--services", "web", "--all-services"}, {}, k_three, "not both"},
      {{"--services", "web", "--cluster", "x"}, {}, k_three, "--cluster names one service"},
      {{"--services", "web"}, {{"ECSDEPLOY_CONTAINER", "x"}}, k_three, "ECSDEPLOY_CONTAINER"},
      {{"--services", "web", "--target", "web"}, {}, k_three, "--target selects one entry"},
      {{"--services", "web"}, {}, "", "none was found"},
      {{"--all-services"}, {}, "a:\n  cluster: c\n  service: a\n", "entry 'a': "},
      {{"--all-services"},
       {},
       "a:\n  cluster: c\n  service: s\n  container: x\n"
       "b:\n  cluster: c\n  service: s\n  container: y\n",
       "twice"},
  };
  for (const auto& row : rows) {
    std::vector<std::string> args = row.args;
    args.push_back("--image-tag");
    args.push_back("v7");
    std::optional<ConfigFile> config;
    auto inv = invoke_with(args, row.config, row.env, config);
    ASSERT_TRUE(inv.ok()) << row.expected << ": " << inv.error().message;
    auto s = parse_deploy_services(inv->values, util::MapEnv(row.env), config, inv->global.target);
    ASSERT_FALSE(s.ok()) << row.expected;
    EXPECT_EQ(s.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(s.error().message.find(row.expected), std::string::npos)
        << row.expected << " in: " << s.error().message;
  }
}

TEST(DeployJobLimit, OnlyAGitHubHostedJobHasTheSixHourLimit) {
  struct Case {
    Env env;
    std::optional<std::chrono::minutes> want;
  };
  const Case cases[] = {
      {{}, std::nullopt},
      {{{"GITHUB_ACTIONS", "true"}}, std::chrono::hours(6)},
      {{{"GITHUB_ACTIONS", "true"}, {"RUNNER_ENVIRONMENT", "github-hosted"}},
       std::chrono::hours(6)},
      {{{"GITHUB_ACTIONS", "true"}, {"RUNNER_ENVIRONMENT", "self-hosted"}}, std::nullopt},
      {{{"GITHUB_ACTIONS", "false"}}, std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(github_job_limit(util::MapEnv(c.env)), c.want);
  }
}

}  // namespace
}  // namespace cli
