#include "cli/reporters/stage_text.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

engine::ServiceDeploymentProgress paused_linear() {
  engine::ServiceDeploymentProgress p;
  p.at = util::SystemTime{} + std::chrono::hours(24 * 20000) + std::chrono::seconds(3661);
  p.arn = "arn:aws:ecs:us-east-1:1:service-deployment/demo/web/abc";
  p.strategy = "LINEAR";
  p.status = "IN_PROGRESS";
  p.stage = "PRODUCTION_TRAFFIC_SHIFT";
  p.stage_since = p.at;
  p.target = {"arn:aws:ecs:us-east-1:1:service-revision/demo/web/2",
              "arn:aws:ecs:us-east-1:1:task-definition/web:5",
              2,
              2,
              0,
              100.0,
              25.0};
  p.sources = {{"arn:aws:ecs:us-east-1:1:service-revision/demo/web/1",
                "arn:aws:ecs:us-east-1:1:task-definition/web:4", 2, 2, 0, 0.0, 75.0}};
  p.step = 1;
  p.steps = 4;
  p.bake_until = p.at + std::chrono::minutes(5);
  p.hooks = {{"h-9", "PAUSE", "", "AWAITING_ACTION", p.at + std::chrono::hours(1), "ROLLBACK",
              "PRODUCTION_TRAFFIC_SHIFT"},
             {"h-1", "AWS_LAMBDA", "arn:aws:lambda:us-east-1:1:function:smoke", "SUCCEEDED",
              std::nullopt, "", "POST_TEST_TRAFFIC_SHIFT"}};
  p.alarms_status = "MONITORING";
  p.alarm_names = {"web-5xx"};
  p.circuit_breaker_status = "DISABLED";
  return p;
}

TEST(StageText, OneLinePerChangeForCi) {
  EXPECT_EQ(stage_line(paused_linear()),
            "deployment LINEAR IN_PROGRESS at PRODUCTION_TRAFFIC_SHIFT since 01:01:01, step 1/4, "
            "bake until 01:06:01 | web:5 2/2 test 100% production 25% | web:4 2/2 test 0% "
            "production 75% | PAUSE hook h-9 AWAITING_ACTION at PRODUCTION_TRAFFIC_SHIFT, "
            "expires 02:01:01 then ROLLBACK | hook smoke SUCCEEDED at POST_TEST_TRAFFIC_SHIFT | "
            "alarms MONITORING (web-5xx)");
}

TEST(StageText, LiveRowsAndTriggeredAlarms) {
  auto p = paused_linear();
  p.status = "ROLLBACK_IN_PROGRESS";
  p.alarms_status = "TRIGGERED";
  p.triggered_alarm_names = {"web-5xx"};
  p.rollback_reason = "CloudWatch alarm(s) web-5xx in ALARM state";
  auto lines = stage_table_lines(p);
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[1], "    new  web:5 2/2 test 100% production 25%");
  EXPECT_EQ(lines[2], "    old  web:4 2/2 test 0% production 75%");
  EXPECT_EQ(lines[5], "    alarms TRIGGERED: web-5xx in ALARM");
  EXPECT_EQ(lines[6], "    rollback: CloudWatch alarm(s) web-5xx in ALARM state");
}

TEST(StageText, TransitionsAndWeights) {
  auto p = paused_linear();
  EXPECT_EQ(stage_transition(p, "POST_TEST_TRAFFIC_SHIFT"),
            "stage PRODUCTION_TRAFFIC_SHIFT at 01:01:01");
  EXPECT_EQ(stage_transition(p, "PRODUCTION_TRAFFIC_SHIFT"), "");
  EXPECT_EQ(weight_text(12.5), "12.5%");
  EXPECT_EQ(weight_text(std::nullopt), "-");
}

}  // namespace
}  // namespace cli
