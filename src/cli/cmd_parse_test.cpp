// Table tests of the whole pure front end for the mutating commands: argv + environment +
// config file -> the engine's options, or one InvalidInput line.

#include <gtest/gtest.h>

#include "cli/cmd_continue.h"
#include "cli/cmd_deploy.h"
#include "cli/cmd_history.h"
#include "cli/cmd_rollback.h"
#include "cli/cmd_scale.h"
#include "cli/cmd_status.h"
#include "cli/help.h"
#include "cli/invocation.h"
#include "cli/validate.h"

namespace cli {
namespace {

using Env = std::map<std::string, std::string>;

util::Result<Invocation> invoke(const std::vector<std::string>& args, const Env& env_vars,
                                const std::string& config_text = "") {
  util::MapEnv env(env_vars);
  auto parsed = parse_argv(args, global_option_table(), [](std::string_view name) {
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
  return resolve_invocation(*parsed, *global, *find_command(parsed->command), env, config);
}

util::Result<engine::DeployOptions> deploy(const std::vector<std::string>& args,
                                           const Env& env = {}, const std::string& config = "") {
  std::vector<std::string> full = {"deploy"};
  full.insert(full.end(), args.begin(), args.end());
  auto inv = invoke(full, env, config);
  if (!inv) {
    return inv.take_error();
  }
  return parse_deploy(inv->values, util::MapEnv(env));
}

const std::vector<std::string> k_required = {"--cluster",   "stg", "--service",   "web",
                                             "--container", "app", "--image-tag", "v2"};

TEST(DeployParse, ArnsBecomeNamesAndTheirAccountIsExpected) {
  const std::string cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/stg";
  const std::string service = "arn:aws:ecs:us-east-1:123456789012:service/stg/web";
  auto o = deploy(
      {"--cluster", cluster, "--service", service, "--container", "app", "--image-tag", "v2"});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->cluster, "stg");
  EXPECT_EQ(o->service, "web");
  EXPECT_EQ(o->expected_account, "123456789012");

  auto other_cluster = deploy(
      {"--cluster", "prod", "--service", service, "--container", "app", "--image-tag", "v2"});
  ASSERT_FALSE(other_cluster.ok());
  EXPECT_NE(other_cluster.error().message.find("is in cluster 'stg', not 'prod'"),
            std::string::npos)
      << other_cluster.error().message;
  auto other_account = deploy({"--cluster", cluster, "--service", service, "--container", "app",
                               "--image-tag", "v2", "--expect-account", "999999999999"});
  ASSERT_FALSE(other_account.ok());
  EXPECT_NE(other_account.error().message.find("contradicts the account in the ARN"),
            std::string::npos);
}

TEST(DeployParse, AnArnNamesTheRegion) {
  const std::vector<std::string> args = {
      "status", "--cluster", "arn:aws:ecs:eu-west-1:123456789012:cluster/stg", "--service", "web"};
  auto taken = invoke(args, {});
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->global.session.region, "eu-west-1");
  EXPECT_TRUE(invoke(args, {{"AWS_REGION", "eu-west-1"}}).ok());
  auto other = invoke(args, {{"AWS_REGION", "us-east-1"}});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message,
            "the cluster ARN (from --cluster) is in region 'eu-west-1', not us-east-1 (from "
            "AWS_REGION)");
}

TEST(DeployParse, DefaultsAndFlags) {
  auto o = deploy(k_required);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->cluster, "stg");
  EXPECT_EQ(o->service, "web");
  EXPECT_EQ(o->container, "app");
  EXPECT_EQ(o->image_tag, "v2");
  EXPECT_TRUE(o->keep_desired_count);  // no --desired-count: the service keeps its count
  EXPECT_TRUE(o->wait);
  EXPECT_TRUE(o->rollback_on_failure);
  EXPECT_FALSE(o->dry_run);
  EXPECT_EQ(o->watch.timeout, std::chrono::minutes(30));
  EXPECT_EQ(o->watch.crash_loop_threshold, 3);

  std::vector<std::string> args = k_required;
  for (const char* a :
       {"--desired-count", "3", "--no-wait", "--no-rollback-on-failure", "--dry-run", "--timeout",
        "10m", "--family", "web-fam", "--expect-account", "123456789012", "--force-new-revision",
        "--wait-for-idle", "--crash-loop-threshold", "5"}) {
    args.push_back(a);
  }
  auto f = deploy(args);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->desired_count, 3);
  EXPECT_FALSE(f->keep_desired_count);
  EXPECT_FALSE(f->wait);
  EXPECT_FALSE(f->rollback_on_failure);
  EXPECT_TRUE(f->dry_run);
  EXPECT_EQ(f->watch.timeout, std::chrono::minutes(10));
  EXPECT_EQ(f->family, "web-fam");
  EXPECT_EQ(f->expected_account, "123456789012");
  EXPECT_TRUE(f->force_new_revision);
  EXPECT_TRUE(f->wait_for_idle);
  EXPECT_FALSE(f->supersede);
  EXPECT_EQ(f->watch.crash_loop_threshold, 5);
}

TEST(DeployParse, SupersedeSkipsTheIdleCheckAndContradictsWaitForIdle) {
  std::vector<std::string> args = k_required;
  args.push_back("--supersede");
  auto f = deploy(args);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_TRUE(f->supersede);
  args.push_back("--wait-for-idle");
  auto g = deploy(args);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_NE(g.error().message.find("--supersede"), std::string::npos);
}

TEST(DeployParse, PrecedenceFlagEnvConfigDefault) {
  const std::string config =
      "web:\n  cluster: cfg-cluster\n  service: cfg-service\n  container: cfg-app\n"
      "  family: cfg-family\n  expect_account: \"111111111111\"\n  region: eu-west-1\n"
      "api:\n  cluster: api-cluster\n  service: api\n  container: api\n";
  const Env env = {{"ECSDEPLOY_SERVICE", "env-service"},
                   {"ECSDEPLOY_IMAGE_TAG", "env-tag"},
                   {"ECSDEPLOY_DESIRED_COUNT", "4"},
                   {"ECSDEPLOY_TARGET", "web"},
                   {"GITHUB_SHA", "abc123"}};
  auto inv = invoke({"deploy", "--cluster", "flag-cluster"}, env, config);
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  auto o = parse_deploy(inv->values, util::MapEnv(env));
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->cluster, "flag-cluster");  // flag
  EXPECT_EQ(o->service, "env-service");   // env beats config
  EXPECT_EQ(o->container, "cfg-app");     // config
  EXPECT_EQ(o->family, "cfg-family");
  EXPECT_EQ(o->expected_account, "111111111111");
  EXPECT_EQ(o->image_tag, "env-tag");
  EXPECT_EQ(o->desired_count, 4);
  EXPECT_EQ(o->metadata.git_sha, "abc123");
  EXPECT_EQ(inv->global.session.region, "eu-west-1");  // config region, no AWS_REGION

  Env with_region = env;
  with_region["AWS_REGION"] = "ap-northeast-1";
  auto inv2 = invoke({"deploy"}, with_region, config);
  ASSERT_TRUE(inv2.ok());
  EXPECT_FALSE(inv2->global.session.region.has_value());  // the session reads AWS_REGION

  auto inv3 = invoke({"deploy", "--region", "us-west-2", "--target", "api"}, env, config);
  ASSERT_TRUE(inv3.ok()) << inv3.error().message;
  EXPECT_EQ(inv3->global.session.region, "us-west-2");
  EXPECT_EQ(inv3->values.get("container"), "api");
}

TEST(DeployParse, RejectsBadInputWithOneLine) {
  struct Row {
    std::vector<std::string> extra;
    Env env;
    std::string message;
  };
  const std::vector<Row> rows = {
      {{"--desired-count", "abc"}, {}, "invalid desired count 'abc' (from --desired-count)"},
      {{"--desired-count", "-1"}, {}, "invalid desired count '-1'"},
      {{"--desired-count", "5001"}, {}, "expected a whole number from 0 to 5000"},
      {{}, {{"ECSDEPLOY_DESIRED_COUNT", "two"}}, "(from ECSDEPLOY_DESIRED_COUNT)"},
      {{"--image-tag", "v2 beta"}, {}, "invalid image tag 'v2 beta'"},
      {{"--image-tag", "$(curl x)"}, {}, "invalid image tag '$(curl x)'"},
      {{"--image-tag", "a&&b"}, {}, "invalid image tag"},
      {{"--cluster", "stg;rm"}, {}, "invalid cluster name 'stg;rm'"},
      {{"--container", "app/x"}, {}, "invalid container name"},
      {{"--family", "a b"}, {}, "invalid family name"},
      {{"--expect-account", "12"}, {}, "invalid AWS account id '12'"},
      {{"--timeout", "forever"}, {}, "invalid timeout 'forever'"},
      {{"--crash-loop-threshold", "0"}, {}, "invalid crash loop threshold '0'"},
      {{}, {{"ECSDEPLOY_WAIT", "perhaps"}}, "ECSDEPLOY_WAIT='perhaps' is not a boolean"},
  };
  for (const Row& row : rows) {
    std::vector<std::string> args = k_required;
    args.insert(args.end(), row.extra.begin(), row.extra.end());
    auto o = deploy(args, row.env);
    ASSERT_FALSE(o.ok()) << row.message;
    EXPECT_EQ(o.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(o.error().message.find(row.message), std::string::npos) << o.error().message;
    EXPECT_EQ(o.error().message.find('\n'), std::string::npos);
  }
  auto missing = deploy({"--cluster", "stg", "--service", "web", "--container", "app"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "missing image tag: pass --image-tag TAG or set ECSDEPLOY_IMAGE_TAG");
  auto no_service = deploy({"--cluster", "stg", "--container", "app", "--image-tag", "v"});
  ASSERT_FALSE(no_service.ok());
  EXPECT_NE(no_service.error().message.find("missing service: pass --service, set "
                                            "ECSDEPLOY_SERVICE"),
            std::string::npos);
}

util::Result<engine::ScaleOptions> scale(const std::vector<std::string>& args,
                                         const Env& env = {}) {
  std::vector<std::string> full = {"scale", "--cluster", "stg", "--service", "web"};
  full.insert(full.end(), args.begin(), args.end());
  auto inv = invoke(full, env);
  if (!inv) {
    return inv.take_error();
  }
  return parse_scale(inv->values);
}

TEST(ScaleParse, Table) {
  auto zero = scale({"--desired-count", "0"});
  ASSERT_TRUE(zero.ok()) << zero.error().message;
  EXPECT_EQ(zero->desired_count, 0);
  EXPECT_TRUE(zero->wait);
  EXPECT_FALSE(zero->restore);

  auto restore = scale({"--restore", "--no-wait"});
  ASSERT_TRUE(restore.ok()) << restore.error().message;
  EXPECT_TRUE(restore->restore);
  EXPECT_FALSE(restore->desired_count.has_value());
  EXPECT_FALSE(restore->wait);

  // A count from the environment yields to an explicit --restore...
  auto env_restore = scale({"--restore"}, {{"ECSDEPLOY_DESIRED_COUNT", "2"}});
  ASSERT_TRUE(env_restore.ok()) << env_restore.error().message;
  EXPECT_FALSE(env_restore->desired_count.has_value());
  // ...but both on the command line is a contradiction.
  auto both = scale({"--restore", "--desired-count", "2"});
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.error().message.find("cannot be used together"), std::string::npos);

  auto none = scale({});
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("missing desired count"), std::string::npos);
  EXPECT_FALSE(scale({"--desired-count", "many"}).ok());
  EXPECT_FALSE(scale({"--desired-count", "-3"}).ok());
  EXPECT_FALSE(scale({"--image-tag", "v1"}).ok());  // not a scale option
}

util::Result<Invocation> on_service(const std::string& command,
                                    const std::vector<std::string>& args, const Env& env = {}) {
  std::vector<std::string> full = {command, "--cluster", "stg", "--service", "web"};
  full.insert(full.end(), args.begin(), args.end());
  return invoke(full, env);
}

TEST(RollbackParse, Table) {
  auto def = on_service("rollback", {});
  ASSERT_TRUE(def.ok());
  auto o = parse_rollback(def->values, util::MapEnv{});
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_FALSE(o->to_revision.has_value());
  EXPECT_FALSE(o->to_tag.has_value());
  EXPECT_TRUE(o->wait);

  auto rev = on_service("rollback", {"--to-revision", "12", "--dry-run"});
  ASSERT_TRUE(rev.ok());
  auto r = parse_rollback(rev->values, util::MapEnv{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->to_revision, 12);
  EXPECT_TRUE(r->dry_run);

  auto tag = on_service("rollback", {"--to-tag", "v1", "--container", "app"});
  ASSERT_TRUE(tag.ok());
  auto t = parse_rollback(tag->values, util::MapEnv{});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->to_tag, "v1");
  EXPECT_EQ(t->container, "app");

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--to-revision", "0"}, "invalid to revision '0'"},
      {{"--to-revision", "x"}, "invalid to revision 'x'"},
      {{"--to-tag", "v 1", "--container", "app"}, "invalid image tag 'v 1'"},
      {{"--to-tag", "v1"}, "--to-tag needs the container"},
      {{"--to-tag", "v1", "--container", "app", "--to-revision", "3"}, "cannot be used together"},
  };
  for (const auto& [args, message] : bad) {
    auto inv = on_service("rollback", args);
    ASSERT_TRUE(inv.ok());
    auto p = parse_rollback(inv->values, util::MapEnv{});
    ASSERT_FALSE(p.ok()) << message;
    EXPECT_NE(p.error().message.find(message), std::string::npos) << p.error().message;
  }
}

TEST(StatusHistoryParse, Table) {
  auto s = on_service("status", {"--events", "3"});
  ASSERT_TRUE(s.ok());
  auto so = parse_status(s->values);
  ASSERT_TRUE(so.ok());
  EXPECT_EQ(so->event_count, 3);
  auto sd = parse_status(on_service("status", {})->values);
  ASSERT_TRUE(sd.ok());
  EXPECT_EQ(sd->event_count, 10);
  EXPECT_FALSE(parse_status(on_service("status", {"--events", "-1"})->values).ok());

  auto h = on_service("history", {}, {{"ECSDEPLOY_LIMIT", "5"}, {"ECSDEPLOY_FAMILY", "web"}});
  ASSERT_TRUE(h.ok());
  auto ho = parse_history(h->values);
  ASSERT_TRUE(ho.ok()) << ho.error().message;
  EXPECT_EQ(ho->limit, 5);
  EXPECT_EQ(ho->family, "web");
  EXPECT_EQ(parse_history(on_service("history", {})->values)->limit, 20);
  EXPECT_FALSE(parse_history(on_service("history", {"--limit", "0"})->values).ok());
  EXPECT_FALSE(parse_history(on_service("history", {"--limit", "101"})->values).ok());
  EXPECT_FALSE(on_service("status", {"--image-tag", "v"}).ok());  // not a status option
}

TEST(Registry, EveryCommandHasHelpAndExample) {
  for (const Command& c : commands()) {
    EXPECT_FALSE(c.synopsis.empty()) << c.name;
    EXPECT_TRUE(c.example.starts_with("ecsdeploy " + std::string(c.name))) << c.name;
    EXPECT_NE(c.run, nullptr) << c.name;
    EXPECT_EQ(find_command(c.name), &c);
    for (const OptionSpec& spec : c.options) {
      // Every command option is settable from the environment, as ECSDEPLOY_<NAME> unless
      // the plain name would be ambiguous (init-workflows --dir: ECSDEPLOY_WORKFLOWS_DIR,
      // lint --format: ECSDEPLOY_LINT_FORMAT).
      EXPECT_TRUE(spec.env.starts_with("ECSDEPLOY_")) << c.name << " --" << spec.name;
      const std::string_view strict[] = {"deploy", "scale", "rollback", "status", "history"};
      if (std::find(std::begin(strict), std::end(strict), c.name) != std::end(strict)) {
        EXPECT_EQ(spec.env, env_name_for(spec.name)) << c.name << " --" << spec.name;
      }
    }
  }
  EXPECT_EQ(find_command("nope"), nullptr);
  const std::string help = general_help();
  for (const Command& c : commands()) {
    // Full names, followed by at least two spaces before the synopsis.
    EXPECT_NE(help.find("  " + std::string(c.name) + "  "), std::string::npos) << c.name;
    EXPECT_NE(command_help(c).find("Example:\n  " + std::string(c.example)), std::string::npos);
  }
}

TEST(ContinueParse, Table) {
  auto def = on_service("continue", {});
  ASSERT_TRUE(def.ok());
  auto o = parse_continue(def->values);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_FALSE(o->rollback);
  EXPECT_FALSE(o->hook_id.has_value());
  EXPECT_EQ(o->watch.wait_until.kind, engine::WaitUntil::Kind::Completed);

  auto all = on_service("continue", {"--hook-id", "h-1", "--wait-until", "ecs:BAKE_TIME",
                                     "--dry-run", "--timeout", "2h"});
  ASSERT_TRUE(all.ok());
  auto a = parse_continue(all->values);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->hook_id, "h-1");
  EXPECT_EQ(a->watch.wait_until.kind, engine::WaitUntil::Kind::Stage);
  EXPECT_EQ(a->watch.wait_until.stage, "BAKE_TIME");
  EXPECT_TRUE(a->dry_run);
  EXPECT_EQ(a->watch.timeout, std::chrono::hours(2));

  auto paused = on_service("continue", {}, {{"ECSDEPLOY_WAIT_UNTIL", "paused"}});
  ASSERT_TRUE(paused.ok());
  auto p = parse_continue(paused->values);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->watch.wait_until.kind, engine::WaitUntil::Kind::Paused);

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--wait-until", "soon"}, "invalid wait-until value 'soon'"},
      {{"--rollback", "--wait-until", "paused"}, "applies only when continuing"},
      {{"--hook-id", "a b"}, "invalid --hook-id"},
      {{"--timeout", "0s"}, "timeout"},
  };
  for (const auto& [args, message] : bad) {
    auto inv = on_service("continue", args);
    ASSERT_TRUE(inv.ok()) << message;
    auto r = parse_continue(inv->values);
    ASSERT_FALSE(r.ok()) << message;
    EXPECT_NE(r.error().message.find(message), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace cli
