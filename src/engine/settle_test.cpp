#include "engine/settle.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

using std::chrono::seconds;

const util::SystemTime k_now{seconds{1'700'000'000}};

services::Task task(const std::string& started_by, std::optional<int> started_seconds_ago,
                    std::string status = "RUNNING") {
  services::Task t;
  t.started_by = started_by;
  t.task_definition_arn = "arn:aws:ecs:us-east-1:1:task-definition/web:3";
  t.last_status = status;
  t.desired_status = "RUNNING";
  if (started_seconds_ago) {
    t.started_at = k_now - seconds(*started_seconds_ago);
  }
  return t;
}

TEST(DefaultSettleWindow, AMinuteUnlessHealthChecksNeedLonger) {
  services::Service svc;
  std::vector<services::ContainerBasics> containers(1);
  EXPECT_EQ(default_settle_window(svc, containers), seconds(60));
  svc.health_check_grace_period_seconds = 120;
  EXPECT_EQ(default_settle_window(svc, containers), seconds(120));
  containers[0].health_check_budget_seconds = 10 + 30 * 5;  // startPeriod 10, 5 retries
  EXPECT_EQ(default_settle_window(svc, containers), seconds(160));
  containers[0].essential = false;  // a sidecar's health check does not hold the verdict
  EXPECT_EQ(default_settle_window(svc, containers), seconds(120));
}

TEST(AssessSettle, DoneWhenEveryTaskOfOursRanTheWindow) {
  auto p = assess_settle({task("ecs-svc/1", 90), task("ecs-svc/1", 61)}, "ecs-svc/1", "", 2, k_now,
                         seconds(60));
  EXPECT_TRUE(p.done);
  EXPECT_EQ(p.tasks, 2);
}

TEST(AssessSettle, TheYoungestTaskSetsTheEnd) {
  auto p = assess_settle({task("ecs-svc/1", 90), task("ecs-svc/1", 20)}, "ecs-svc/1", "", 2, k_now,
                         seconds(60));
  EXPECT_FALSE(p.done);
  EXPECT_EQ(p.until, k_now + seconds(40));
}

TEST(AssessSettle, OtherDeploymentsAndStoppingTasksDoNotCount) {
  auto stopping = task("ecs-svc/1", 500);
  stopping.desired_status = "STOPPED";
  auto p = assess_settle(
      {task("ecs-svc/0", 500), stopping, task("ecs-svc/1", 500, "PENDING"), task("ecs-svc/1", 500)},
      "ecs-svc/1", "", 2, k_now, seconds(60));
  EXPECT_FALSE(p.done);  // only one of ours runs; two are desired
  EXPECT_EQ(p.tasks, 1);
}

TEST(AssessSettle, WithoutADeploymentIdTheRevisionNamesOurs) {
  auto p = assess_settle({task("someone", 500)}, "",
                         "arn:aws:ecs:us-east-1:1:task-definition/web:3", 1, k_now, seconds(60));
  EXPECT_TRUE(p.done);
}

TEST(AssessSettle, ARunningTaskWithoutAStartTimeCountsAsJustStarted) {
  auto p = assess_settle({task("ecs-svc/1", std::nullopt)}, "ecs-svc/1", "", 1, k_now, seconds(60));
  EXPECT_FALSE(p.done);
  EXPECT_EQ(p.until, k_now + seconds(60));
}

}  // namespace
}  // namespace engine
