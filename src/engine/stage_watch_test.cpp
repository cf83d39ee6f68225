#include "engine/stage_watch.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const util::SystemTime t0 = util::SystemTime{} + std::chrono::hours(24 * 20000);

services::DeploymentConfiguration linear(double pct, int bake) {
  services::DeploymentConfiguration c;
  c.strategy = "LINEAR";
  c.linear_step_percent = pct;
  c.linear_step_bake_minutes = bake;
  c.bake_time_minutes = 15;
  return c;
}

services::ServiceDeployment sd(const std::string& status, const std::string& stage,
                               double weight = 0) {
  services::ServiceDeployment d;
  d.arn = "arn:sd/1";
  d.status = status;
  d.lifecycle_stage = stage;
  d.target_revision.arn = "arn:sr/2";
  d.target_revision.production_traffic_weight = weight;
  return d;
}

TEST(StageWatch, StagedServices) {
  services::DeploymentConfiguration c;
  EXPECT_FALSE(staged(c));
  c.strategy = "ROLLING";
  EXPECT_FALSE(staged(c));
  c.lifecycle_hooks.push_back({"PAUSE", "", {"POST_SCALE_UP"}, std::nullopt, ""});
  EXPECT_TRUE(staged(c));  // a rolling deployment with hooks has stages too
  EXPECT_TRUE(staged(linear(10, 1)));
}

TEST(StageWatch, StepsOfLinearAndCanary) {
  struct Case {
    double pct;
    double weight;
    int steps;
    int step;
  };
  const Case cases[] = {{10, 0, 10, 0},    {10, 10, 10, 1}, {10, 35, 10, 4},
                        {10, 100, 10, 10}, {3, 99, 34, 33}, {33.3, 66.6, 4, 2}};
  for (const Case& c : cases) {
    EXPECT_EQ(production_steps(linear(c.pct, 1)), c.steps) << c.pct;
    EXPECT_EQ(production_step(linear(c.pct, 1), c.weight), c.step) << c.pct << " " << c.weight;
  }
  services::DeploymentConfiguration canary;
  canary.strategy = "CANARY";
  canary.canary_percent = 5;
  EXPECT_EQ(production_steps(canary), 2);
  EXPECT_EQ(production_step(canary, 5), 1);
  EXPECT_EQ(production_step(canary, 100), 2);
  services::DeploymentConfiguration bg;
  bg.strategy = "BLUE_GREEN";
  EXPECT_EQ(production_steps(bg), 0);
}

TEST(StageWatch, BakeEndsABakeAfterThePollBeforeItWasSeen) {
  StageMemory m;
  auto c = linear(50, 4);
  observe_stage(m, sd("IN_PROGRESS", "TEST_TRAFFIC_SHIFT"), c, t0);
  auto p = observe_stage(m, sd("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", 50), c, t0 + seconds(30));
  EXPECT_EQ(p.step, 1);
  EXPECT_EQ(p.steps, 2);
  ASSERT_TRUE(p.bake_until.has_value());
  EXPECT_EQ(*p.bake_until, t0 + minutes(4));  // the weight moved after the poll at t0
  p = observe_stage(m, sd("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", 50), c, t0 + minutes(2));
  EXPECT_EQ(*p.bake_until, t0 + minutes(4));  // unchanged while the step bakes
  p = observe_stage(m, sd("IN_PROGRESS", "BAKE_TIME", 100), c, t0 + minutes(6));
  EXPECT_EQ(p.stage_since, t0 + minutes(6));
  EXPECT_EQ(*p.bake_until, t0 + minutes(2) + minutes(15));
  EXPECT_EQ(next_expected_change(p), t0 + minutes(17));
  p = observe_stage(m, sd("IN_PROGRESS", "BAKE_TIME", 100), c, t0 + minutes(18));
  EXPECT_FALSE(next_expected_change(p).has_value());  // due: the usual pace finds it
}

TEST(StageWatch, PauseExpiryAndLambdaHooks) {
  StageMemory m;
  services::DeploymentConfiguration bg;
  bg.strategy = "BLUE_GREEN";
  auto d = sd("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT");
  d.hooks.push_back({"h-1", "PAUSE", "", "AWAITING_ACTION", t0 + minutes(60), "ROLLBACK"});
  auto p = observe_stage(m, d, bg, t0);
  ASSERT_EQ(awaiting_pause_hooks(p).size(), 1u);
  EXPECT_EQ(p.hooks[0].stage, "POST_TEST_TRAFFIC_SHIFT");
  EXPECT_EQ(next_expected_change(p), t0 + minutes(60));
  d.hooks.push_back({"h-2", "AWS_LAMBDA", "arn:aws:lambda:us-east-1:1:function:smoke",
                     "IN_PROGRESS", std::nullopt, ""});
  p = observe_stage(m, d, bg, t0 + seconds(5));
  EXPECT_FALSE(next_expected_change(p).has_value());  // a Lambda answers any moment
  d.hooks[0].expires_at.reset();
  d.hooks.pop_back();
  p = observe_stage(m, d, bg, t0 + seconds(10));
  EXPECT_FALSE(next_expected_change(p).has_value());  // a pause without a known end
}

TEST(StageWatch, AQuickHookKeepsTheStageItsConfigurationNames) {
  StageMemory m;
  services::DeploymentConfiguration bg;
  bg.strategy = "BLUE_GREEN";
  const std::string fn = "arn:aws:lambda:us-east-1:1:function:smoke";
  bg.lifecycle_hooks.push_back({"AWS_LAMBDA", fn, {"POST_TEST_TRAFFIC_SHIFT"}, std::nullopt, ""});
  bg.lifecycle_hooks.push_back(
      {"PAUSE", "", {"POST_SCALE_UP", "PRE_PRODUCTION_TRAFFIC_SHIFT"}, std::nullopt, ""});
  auto d = sd("ROLLBACK_IN_PROGRESS", "CLEAN_UP");  // it ran and failed between two looks
  d.hooks.push_back({"h-1", "AWS_LAMBDA", fn, "FAILED", std::nullopt, ""});
  d.hooks.push_back({"h-2", "PAUSE", "", "SUCCEEDED", std::nullopt, ""});
  auto p = observe_stage(m, d, bg, t0);
  EXPECT_EQ(p.hooks[0].stage, "POST_TEST_TRAFFIC_SHIFT");
  EXPECT_EQ(p.hooks[1].stage, "CLEAN_UP");  // two stages configured: where it was seen
  d.lifecycle_stage = "PRODUCTION_TRAFFIC_SHIFT";
  d.hooks[1].hook_id = "h-3";  // the next step's pause, seen in its own stage
  p = observe_stage(m, d, bg, t0 + seconds(1));
  EXPECT_EQ(p.hooks[1].stage, "PRODUCTION_TRAFFIC_SHIFT");
}

TEST(StageWatch, QuietIntervalIsATenthOfWhatIsLeftInOurTime) {
  EXPECT_EQ(quiet_stage_interval(minutes(100), 1), minutes(10));
  EXPECT_EQ(quiet_stage_interval(std::chrono::hours(24), 1), minutes(10));  // the cap
  EXPECT_EQ(quiet_stage_interval(minutes(10), 1), minutes(1));
  EXPECT_EQ(quiet_stage_interval(minutes(10), 60), seconds(1));  // ECS's clock 60x ours
  EXPECT_EQ(quiet_stage_interval(seconds(3), 1), seconds(1));    // the floor
  EXPECT_EQ(quiet_stage_interval(std::chrono::hours(24), 1, k_pause_look_cap), minutes(2));
  // The caps are ECS's time: ecs-emulator --speed 60 looks every 2 s through a long pause.
  EXPECT_EQ(quiet_stage_interval(std::chrono::hours(24), 60, k_pause_look_cap), seconds(2));
}

TEST(StageWatch, WaitUntilComparesStagePositions) {
  StageMemory m;
  services::DeploymentConfiguration bg;
  bg.strategy = "BLUE_GREEN";
  auto at = [&](const std::string& status, const std::string& stage) {
    return observe_stage(m, sd(status, stage), bg, t0);
  };
  const WaitUntil bake{WaitUntil::Kind::Stage, "BAKE_TIME"};
  EXPECT_FALSE(wait_until_met(bake, at("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT")));
  EXPECT_EQ(wait_until_met(bake, at("IN_PROGRESS", "BAKE_TIME")), Outcome::ReachedStage);
  EXPECT_EQ(wait_until_met(bake, at("IN_PROGRESS", "CLEAN_UP")), Outcome::ReachedStage);  // passed
  EXPECT_FALSE(wait_until_met(bake, at("ROLLBACK_IN_PROGRESS", "CLEAN_UP")));
  EXPECT_FALSE(wait_until_met(bake, at("SUCCESSFUL", "CLEAN_UP")));  // the verdict decides
  EXPECT_FALSE(wait_until_met(WaitUntil{}, at("IN_PROGRESS", "BAKE_TIME")));
  auto d = sd("IN_PROGRESS", "POST_SCALE_UP");
  const WaitUntil paused{WaitUntil::Kind::Paused, ""};
  EXPECT_FALSE(wait_until_met(paused, observe_stage(m, d, bg, t0)));
  d.hooks.push_back({"h-1", "PAUSE", "", "AWAITING_ACTION", std::nullopt, ""});
  EXPECT_EQ(wait_until_met(paused, observe_stage(m, d, bg, t0)), Outcome::Paused);
  d.hooks[0].status = "SUCCEEDED";
  EXPECT_FALSE(wait_until_met(paused, observe_stage(m, d, bg, t0)));
}

TEST(StageWatch, FailureCauses) {
  StageMemory m;
  services::DeploymentConfiguration bg;
  bg.strategy = "BLUE_GREEN";
  auto d = sd("ROLLBACK_IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT");
  d.rollback_reason = "hook execution failure(s) detected";
  d.hooks.push_back({"h-1", "AWS_LAMBDA", "arn:aws:lambda:us-east-1:1:function:smoke", "FAILED",
                     std::nullopt, ""});
  EXPECT_EQ(stage_failure_cause(observe_stage(m, d, bg, t0)),
            "lifecycle hook smoke failed at POST_TEST_TRAFFIC_SHIFT");
  d.hooks = {{"h-2", "PAUSE", "", "TIMED_OUT", t0, "ROLLBACK"}};
  EXPECT_EQ(stage_failure_cause(observe_stage(m, d, bg, t0)),
            "PAUSE hook h-2 timed out at POST_TEST_TRAFFIC_SHIFT (timeout action ROLLBACK)");
  d.hooks.clear();
  d.alarms_status = "TRIGGERED";
  d.alarm_names = {"web-5xx", "web-latency"};
  d.triggered_alarm_names = {"web-5xx"};
  EXPECT_EQ(stage_failure_cause(observe_stage(m, d, bg, t0)), "alarm web-5xx in ALARM");
  d.alarms_status.clear();
  d.triggered_alarm_names.clear();
  d.circuit_breaker_status = "TRIGGERED";
  d.circuit_breaker_failure_count = 3;
  d.circuit_breaker_threshold = 3;
  EXPECT_EQ(stage_failure_cause(observe_stage(m, d, bg, t0)),
            "circuit breaker: 3 of 3 tasks failed");
  d.circuit_breaker_status = "MONITORING";
  EXPECT_EQ(stage_failure_cause(observe_stage(m, d, bg, t0)), "hook execution failure(s) detected");
}

}  // namespace
}  // namespace engine
