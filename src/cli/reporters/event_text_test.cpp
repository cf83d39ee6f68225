#include "cli/reporters/event_text.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

const std::string k_td = "arn:aws:ecs:us-east-1:1:task-definition/web:";

engine::PlanReady deploy_plan() {
  engine::PlanReady p;
  p.command = "deploy";
  p.cluster = "demo";
  p.service = "web";
  p.container = "app";
  p.current_task_definition = k_td + "2";
  p.base_task_definition = k_td + "3";
  p.current_image = "repo/web:v1";
  p.new_image = "repo/web:v3";
  p.current_desired = 2;
  p.new_desired = 2;
  return p;
}

// After an ECS rollback the service runs web:2 while web:3 (already at the tag) is reused.
TEST(PlanLines, ReuseNamesTheReusedRevision) {
  engine::PlanReady p = deploy_plan();
  p.reuse_revision = true;
  auto lines = event_lines(p);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines[1],
            "  task definition: web:2 -> web:3 (image already at the tag: revision reused)");
  EXPECT_EQ(lines[2], "  image (app): repo/web:v1 -> repo/web:v3");
}

TEST(PlanLines, ReuseOfTheRunningRevision) {
  engine::PlanReady p = deploy_plan();
  p.base_task_definition = p.current_task_definition;
  p.current_image = p.new_image;
  p.reuse_revision = true;
  auto lines = event_lines(p);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[1], "  task definition: web:2 (image already at the tag: revision reused)");
}

engine::StrategySummary blue_green_with_pause() {
  services::Service svc;
  auto& c = svc.deployment_configuration;
  c.strategy = "BLUE_GREEN";
  c.bake_time_minutes = 15;
  services::LifecycleHook pause;
  pause.target_type = "PAUSE";
  pause.stages = {"POST_TEST_TRAFFIC_SHIFT"};
  pause.timeout_minutes = 60;
  pause.timeout_action = "ROLLBACK";
  services::LifecycleHook lambda;
  lambda.target_type = "AWS_LAMBDA";
  lambda.target_arn = "arn:aws:lambda:us-east-1:1:function:smoke";
  lambda.stages = {"PRE_SCALE_UP"};
  c.lifecycle_hooks = {pause, lambda};
  c.alarms_enable = true;
  c.alarms_rollback = true;
  c.alarm_names = {"web-5xx"};
  services::LoadBalancer lb;
  lb.target_group_arn = "tg/blue";
  lb.alternate_target_group_arn = "tg/green";
  lb.production_listener_rule = "rule/prod";
  svc.load_balancers = {lb};
  return engine::summarize_strategy(svc, {true, std::chrono::minutes(30), {}});
}

TEST(PlanLines, StrategyHooksAlarmsDurationAndTheTimeoutWarning) {
  engine::PlanReady p = deploy_plan();
  p.strategy = blue_green_with_pause();
  auto lines = event_lines(p);
  const std::vector<std::string> want = {
      "  strategy: BLUE_GREEN, bake 15 min (the old revision keeps running until then)",
      "  hook at PRE_SCALE_UP: Lambda smoke",
      "  hook at POST_TEST_TRAFFIC_SHIFT: PAUSE (timeout 1 h, then ROLLBACK)",
      "  alarms: web-5xx (rollback)",
      "  load balancer: production on tg/blue, new revision on tg/green, production rule "
      "rule/prod",
      "  duration: at least 15 min (bakes and steps; scale-up, health checks and hooks come on "
      "top), up to 1 h 15 min with every pause timing out",
      "  warning: a BLUE_GREEN deployment of this service takes up to 1 h 15 min when its "
      "pauses time out, more than --timeout 30 min: the wait would end first; stop waiting "
      "earlier with --wait-until paused or --wait-until BAKE_TIME, and follow the rest with "
      "`ecsdeploy status` (docs/strategies.md)",
  };
  ASSERT_EQ(lines.size(), 4u + want.size());
  EXPECT_EQ(std::vector<std::string>(lines.begin() + 4, lines.end()), want);
}

TEST(PlanLines, LinearAndCanarySteps) {
  services::Service svc;
  svc.deployment_configuration.strategy = "LINEAR";
  svc.deployment_configuration.linear_step_percent = 30;
  svc.deployment_configuration.bake_time_minutes = 600;
  engine::PlanReady p = deploy_plan();
  p.strategy = engine::summarize_strategy(svc, {false, std::chrono::minutes(30), {}});
  auto lines = event_lines(p);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[4],
            "  strategy: LINEAR, 4 production steps of 30%, 6 min between steps, bake 10 h (the "
            "old revision keeps running until then)");
  EXPECT_EQ(lines[5],
            "  duration: at least 10 h 18 min (bakes and steps; scale-up, health checks and "
            "hooks come on top)");
  svc.deployment_configuration.strategy = "CANARY";
  svc.deployment_configuration.canary_percent = 12.5;
  svc.deployment_configuration.bake_time_minutes = 1500;
  p.strategy = engine::summarize_strategy(svc, {false, std::chrono::minutes(30), {}});
  lines = event_lines(p);
  EXPECT_EQ(lines[4],
            "  strategy: CANARY, 12.5% of production for 10 min, then 100%, bake 1 d 1 h (the "
            "old revision keeps running until then)");
}

TEST(PlanLines, RollingWithoutHooksOrAlarmsAddsNothing) {
  engine::PlanReady p = deploy_plan();
  const size_t without = event_lines(p).size();
  p.strategy = engine::summarize_strategy(services::Service{}, {});
  EXPECT_EQ(event_lines(p).size(), without);
}

}  // namespace
}  // namespace cli
