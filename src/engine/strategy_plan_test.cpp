#include "engine/strategy_plan.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

using std::chrono::minutes;
using Kind = StrategyWarning::Kind;

services::LifecycleHook pause(std::vector<std::string> stages, std::optional<int> timeout = {},
                              std::string action = "") {
  services::LifecycleHook h;
  h.target_type = "PAUSE";
  h.stages = std::move(stages);
  h.timeout_minutes = timeout;
  h.timeout_action = std::move(action);
  return h;
}

services::LifecycleHook lambda(std::string arn, std::vector<std::string> stages) {
  services::LifecycleHook h;
  h.target_type = "AWS_LAMBDA";
  h.target_arn = std::move(arn);
  h.stages = std::move(stages);
  return h;
}

services::Service service(services::DeploymentConfiguration c) {
  services::Service s;
  s.name = "web";
  s.deployment_configuration = std::move(c);
  return s;
}

services::DeploymentConfiguration strategy(std::string name, std::optional<int> bake = {}) {
  services::DeploymentConfiguration c;
  c.strategy = std::move(name);
  c.bake_time_minutes = bake;
  return c;
}

TEST(StrategyPlan, DurationsPerStrategy) {
  struct Case {
    const char* what;
    services::DeploymentConfiguration config;
    std::string strategy;
    int steps;
    int minimum;
    int worst;
  };
  auto linear = [](double pct, std::optional<int> step_bake, int bake) {
    auto c = strategy("LINEAR", bake);
    c.linear_step_percent = pct;
    c.linear_step_bake_minutes = step_bake;
    return c;
  };
  auto canary = [](std::optional<double> pct, std::optional<int> hold, int bake) {
    auto c = strategy("CANARY", bake);
    c.canary_percent = pct;
    c.canary_bake_minutes = hold;
    return c;
  };
  auto linear_default = strategy("LINEAR", 5);
  auto with_pauses = strategy("BLUE_GREEN", 15);
  with_pauses.lifecycle_hooks = {pause({"POST_TEST_TRAFFIC_SHIFT"}, 60, "ROLLBACK")};
  auto linear_pauses = linear(25, 4, 10);
  // Before each of the 4 production steps, and once after the test shift.
  linear_pauses.lifecycle_hooks = {pause({"PRE_PRODUCTION_TRAFFIC_SHIFT", "POST_SCALE_UP"}, 30)};
  auto canary_pause = canary(10.0, 20, 5);
  canary_pause.lifecycle_hooks = {pause({"PRE_PRODUCTION_TRAFFIC_SHIFT"})};  // 1440 by default
  auto rolling_pause = strategy("");
  rolling_pause.lifecycle_hooks = {pause({"POST_SCALE_UP"}, 90)};
  auto lambda_only = strategy("BLUE_GREEN", 0);
  lambda_only.lifecycle_hooks = {
      lambda("arn:aws:lambda:eu-west-1:1:function:check", {"PRE_SCALE_UP"})};
  const Case cases[] = {
      {"rolling", strategy(""), "ROLLING", 0, 0, 0},
      {"explicit rolling ignores a bake", strategy("ROLLING", 30), "ROLLING", 0, 0, 0},
      {"blue/green = bake", strategy("BLUE_GREEN", 15), "BLUE_GREEN", 0, 15, 15},
      {"blue/green without bake", strategy("BLUE_GREEN"), "BLUE_GREEN", 0, 0, 0},
      {"linear 10 % x 6 min", linear(10, 6, 20), "LINEAR", 10, 9 * 6 + 20, 9 * 6 + 20},
      {"linear 30 % rounds up to 4 steps", linear(30, 5, 0), "LINEAR", 4, 15, 15},
      {"linear 33.3 % is 4 steps", linear(33.3, 2, 1), "LINEAR", 4, 7, 7},
      {"linear 33.4 % is 3 steps", linear(33.4, 2, 1), "LINEAR", 3, 5, 5},
      {"linear 100 % is one step, no step bake", linear(100, 9, 3), "LINEAR", 1, 3, 3},
      {"linear ECS defaults: 10 %, 6 min", linear_default, "LINEAR", 10, 59, 59},
      {"canary hold + bake", canary(10.0, 20, 5), "CANARY", 2, 25, 25},
      {"canary ECS defaults: 5 %, 10 min", canary({}, {}, 0), "CANARY", 2, 10, 10},
      {"pause at one stage", with_pauses, "BLUE_GREEN", 0, 15, 75},
      {"linear pause every step", linear_pauses, "LINEAR", 4, 3 * 4 + 10, 22 + 4 * 30 + 30},
      {"canary pause with ECS default timeout", canary_pause, "CANARY", 2, 25, 25 + 2 * 1440},
      {"pause on rolling", rolling_pause, "ROLLING", 0, 0, 90},
      {"lambda hooks add nothing known", lambda_only, "BLUE_GREEN", 0, 0, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    StrategySummary s = summarize_strategy(service(c.config), {});
    EXPECT_EQ(s.strategy, c.strategy);
    EXPECT_EQ(s.steps, c.steps);
    EXPECT_EQ(s.minimum, minutes(c.minimum));
    EXPECT_EQ(s.worst, minutes(c.worst));
  }
}

TEST(StrategyPlan, StepsAndCanaryParametersWithDefaults) {
  auto c = strategy("LINEAR", 1);
  StrategySummary linear = summarize_strategy(service(c), {});
  EXPECT_DOUBLE_EQ(linear.step_percent, 10.0);
  EXPECT_EQ(linear.step_bake_minutes, 6);
  auto k = strategy("CANARY", 1);
  k.canary_percent = 12.5;
  StrategySummary canary = summarize_strategy(service(k), {});
  EXPECT_DOUBLE_EQ(canary.canary_percent, 12.5);
  EXPECT_EQ(canary.canary_bake_minutes, 10);
  EXPECT_DOUBLE_EQ(canary.step_percent, 0);
}

TEST(StrategyPlan, HooksPerStageInStageOrder) {
  auto c = strategy("LINEAR", 5);
  c.linear_step_percent = 50;
  c.lifecycle_hooks = {
      pause({"POST_PRODUCTION_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT"}, 45, "CONTINUE"),
      lambda("arn:aws:lambda:eu-west-1:123456789012:function:smoke:live",
             {"POST_TEST_TRAFFIC_SHIFT", "PRE_SCALE_UP", "PRODUCTION_TRAFFIC_SHIFT"}),
      pause({"POST_SCALE_UP"}),
  };
  StrategySummary s = summarize_strategy(service(c), {});
  std::vector<std::string> order;
  for (const auto& h : s.hooks) {
    order.push_back(h.stage + "/" + h.target_type);
  }
  EXPECT_EQ(order,
            (std::vector<std::string>{
                "PRE_SCALE_UP/AWS_LAMBDA", "POST_SCALE_UP/PAUSE",
                "POST_TEST_TRAFFIC_SHIFT/AWS_LAMBDA", "PRE_PRODUCTION_TRAFFIC_SHIFT/PAUSE",
                "PRODUCTION_TRAFFIC_SHIFT/AWS_LAMBDA", "POST_PRODUCTION_TRAFFIC_SHIFT/PAUSE"}));
  EXPECT_EQ(s.hooks[0].function_name, "smoke");
  EXPECT_EQ(s.hooks[0].timeout_minutes, 0);
  EXPECT_EQ(s.hooks[1].timeout_minutes, 1440);  // ECS's default
  EXPECT_EQ(s.hooks[1].timeout_action, "ROLLBACK");
  EXPECT_EQ(s.hooks[3].timeout_minutes, 45);
  EXPECT_EQ(s.hooks[3].timeout_action, "CONTINUE");
  EXPECT_EQ(s.hooks[3].runs, 2);  // before each of the two steps
  EXPECT_EQ(s.hooks[5].runs, 1);
  EXPECT_EQ(s.worst, s.minimum + minutes(1440 + 2 * 45 + 45));
}

TEST(StrategyPlan, AlarmsAndLoadBalancersAndWhatIsNotable) {
  auto rolling = service(strategy(""));
  services::LoadBalancer plain;
  plain.target_group_arn = "tg/blue";
  rolling.load_balancers = {plain};
  EXPECT_FALSE(summarize_strategy(rolling, {}).notable());
  EXPECT_TRUE(summarize_strategy(rolling, {}).load_balancers.empty());

  rolling.deployment_configuration.alarms_enable = true;
  rolling.deployment_configuration.alarms_rollback = true;
  rolling.deployment_configuration.alarm_names = {"web-5xx"};
  StrategySummary alarms = summarize_strategy(rolling, {});
  EXPECT_TRUE(alarms.notable());
  EXPECT_TRUE(alarms.alarms_rollback);
  EXPECT_EQ(alarms.alarm_names, std::vector<std::string>{"web-5xx"});

  auto bg = service(strategy("BLUE_GREEN", 10));
  services::LoadBalancer advanced = plain;
  advanced.alternate_target_group_arn = "tg/green";
  advanced.production_listener_rule = "rule/prod";
  advanced.test_listener_rule = "rule/test";
  bg.load_balancers = {advanced};
  StrategySummary s = summarize_strategy(bg, {});
  EXPECT_TRUE(s.notable());
  ASSERT_EQ(s.load_balancers.size(), 1u);
  EXPECT_EQ(s.load_balancers[0],
            (LoadBalancerPlan{"tg/blue", "tg/green", "rule/prod", "rule/test"}));
}

TEST(StrategyPlan, WarningsAgainstTimeoutAndJobLimit) {
  struct Case {
    const char* what;
    int bake;
    std::optional<int> pause_timeout;  // one PAUSE hook at POST_SCALE_UP
    StrategyLimits limits;
    std::vector<std::pair<Kind, int>> want;
  };
  const auto h6 = minutes(360);
  const Case cases[] = {
      {"fits", 20, {}, {true, minutes(30), {}}, {}},
      {"minimum over the timeout",
       45,
       {},
       {true, minutes(30), {}},
       {{Kind::MinimumExceedsTimeout, 30}}},
      {"equal is no warning", 30, {}, {true, minutes(30), {}}, {}},
      {"pause timeout over it", 10, 60, {true, minutes(30), {}}, {{Kind::WorstExceedsTimeout, 30}}},
      {"not waiting to the end", 45, 60, {false, minutes(30), h6}, {}},
      {"timeout within the job limit: only the timeout",
       400,
       {},
       {true, minutes(30), h6},
       {{Kind::MinimumExceedsTimeout, 30}}},
      {"long timeout, minimum over the job limit",
       400,
       {},
       {true, minutes(600), h6},
       {{Kind::MinimumExceedsJobLimit, 360}}},
      {"long timeout, pauses over the job limit",
       60,
       1440,
       {true, minutes(3000), h6},
       {{Kind::WorstExceedsJobLimit, 360}}},
      {"pauses over both",
       60,
       1440,
       {true, minutes(1000), h6},
       {{Kind::WorstExceedsTimeout, 1000}, {Kind::WorstExceedsJobLimit, 360}}},
      {"outside a job", 400, {}, {true, minutes(600), {}}, {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    auto config = strategy("BLUE_GREEN", c.bake);
    if (c.pause_timeout) {
      config.lifecycle_hooks = {pause({"POST_SCALE_UP"}, c.pause_timeout)};
    }
    StrategySummary s = summarize_strategy(service(config), c.limits);
    std::vector<std::pair<Kind, int>> got;
    for (const auto& w : s.warnings) {
      got.emplace_back(w.kind, static_cast<int>(w.limit.count()));
      ASSERT_EQ(w.hints.size(), 1u);
      EXPECT_EQ(w.hints[0].step, NextStep::WaitUntilStage);
    }
    EXPECT_EQ(got, c.want);
  }
}

}  // namespace
}  // namespace engine
