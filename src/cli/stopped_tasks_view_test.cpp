#include "cli/stopped_tasks_view.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

engine::StoppedTasksSection section_fixture() {
  engine::StoppedTasksSection s;
  s.limit = 5;
  s.examined = 4;
  engine::StoppedTaskGroup g;
  g.count = 3;
  g.failure = true;
  g.last_stopped_at = util::SystemTime{std::chrono::seconds{1'800'000'000}};
  g.sample.task_arn = "arn:aws:ecs:us-east-1:123456789012:task/stg/abc123";
  g.sample.task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
  g.sample.stop_code = "EssentialContainerExited";
  g.sample.stopped_reason = "Essential container in task exited";
  g.sample.containers = {{"app", 1, ""}};
  g.sample.log_group = "/ecs/web";
  g.sample.log_stream = "web/app/abc123";
  g.sample.log_tail = {"booting", "fatal: no DATABASE_URL"};
  engine::StoppedTaskGroup h;
  h.count = 1;
  h.sample.task_arn = "arn:aws:ecs:us-east-1:123456789012:task/stg/def456";
  h.sample.task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:6";
  h.sample.stop_code = "TaskFailedToStart";
  h.sample.containers = {{"app", std::nullopt, "CannotPullContainerError: not found"}};
  h.sample.log_error = "logs:GetLogEvents denied";
  s.groups = {g, h};
  s.warnings = {"logs:GetLogEvents denied (AccessDeniedException: no): log lines not shown"};
  return s;
}

TEST(StoppedTasksView, Text) {
  EXPECT_EQ(
      stopped_tasks_text(section_fixture()),
      "\n"
      "recently stopped tasks (newest 5, grouped):\n"
      "  3 tasks of web:7 stopped: Essential container in task exited; app exit 1 (last at "
      "2027-01-15T08:00:00Z)\n"
      "    last 2 log lines of task abc123 (/ecs/web web/app/abc123):\n"
      "      | booting\n"
      "      | fatal: no DATABASE_URL\n"
      "  1 task of web:6 stopped: TaskFailedToStart; app no exit (CannotPullContainerError: "
      "not found)\n"
      "    no log lines of task def456: logs:GetLogEvents denied\n"
      "  warning: logs:GetLogEvents denied (AccessDeniedException: no): log lines not shown\n");
}

TEST(StoppedTasksView, NoneAndNotLookedAt) {
  engine::StoppedTasksSection s;
  EXPECT_EQ(stopped_tasks_text(s), "");
  s.limit = 5;
  EXPECT_NE(stopped_tasks_text(s).find("none (ECS keeps stopped tasks for about an hour)"),
            std::string::npos);
}

TEST(StoppedTasksView, Json) {
  auto j = stopped_tasks_json(section_fixture());
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["count"], 3);
  EXPECT_EQ(j[0]["failure"], true);
  EXPECT_EQ(j[0]["summary"],
            "3 tasks of web:7 stopped: Essential container in task exited; app exit 1");
  EXPECT_EQ(j[0]["containers"][0]["exit_code"], 1);
  EXPECT_EQ(j[0]["log_tail"][1], "fatal: no DATABASE_URL");
  EXPECT_EQ(j[0]["last_stopped_at"], "2027-01-15T08:00:00Z");
  EXPECT_TRUE(j[1]["containers"][0]["exit_code"].is_null());
  EXPECT_TRUE(j[1]["last_stopped_at"].is_null());
  EXPECT_EQ(j[1]["log_error"], "logs:GetLogEvents denied");
}

}  // namespace
}  // namespace cli
