#include "cli/report_views.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cli {
namespace {

const util::SystemTime k_t{std::chrono::seconds{1'800'000'000}};

engine::StatusReport status_fixture() {
  engine::StatusReport r;
  r.cluster = "stg";
  r.service = "web";
  r.status = "ACTIVE";
  r.desired = 2;
  r.running = 2;
  r.task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:13";
  r.images = {{"app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2"}};
  r.deployments = {{"ecs-svc/1", "PRIMARY", r.task_definition, 2, 0, 2, 0, "COMPLETED", ""}};
  r.events = {{k_t, "(service web) has reached a steady state."}};
  r.remembered_desired_count = 3;
  return r;
}

TEST(StatusView, Text) {
  EXPECT_EQ(
      status_text(status_fixture()),
      "service:          stg/web (ACTIVE)\n"
      "task definition:  web:13\n"
      "image:            app = 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2\n"
      "tasks:            2 running, 0 pending, 2 desired\n"
      "remembered count: 3 (ecsdeploy scale --restore brings it back)\n"
      "\n"
      "  DEPLOYMENT                           REVISION        DESIRED  PENDING  RUNNING  FAILED  "
      "ROLLOUT\n"
      "  PRIMARY ecs-svc/1                    web:13                2        0        2       0  "
      "COMPLETED\n"
      "\n"
      "recent events (newest first):\n"
      "  2027-01-15T08:00:00Z  (service web) has reached a steady state.\n");
}

TEST(StatusView, JsonIsOneObject) {
  std::string text = status_json(status_fixture());
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
  auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["service"], "web");
  EXPECT_EQ(j["running_count"], 2);
  EXPECT_EQ(j["remembered_desired_count"], 3);
  EXPECT_TRUE(j["service_deployment"].is_null());
  EXPECT_EQ(j["events"][0]["at"], "2027-01-15T08:00:00Z");
}

TEST(HistoryView, TextAndJson) {
  engine::HistoryReport r;
  r.family = "web";
  engine::HistoryEntry e;
  e.task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:13";
  e.revision = 13;
  e.status = "ACTIVE";
  e.image_tag = "v2";
  e.registered_at = k_t;
  e.git_sha = "0123456789abcdef";
  e.actor = "octocat";
  e.run_url = "https://github.com/o/r/actions/runs/1";
  e.running_now = true;
  e.deployments = {{"arn:sd", "SUCCESSFUL", "", k_t, k_t}};
  engine::HistoryEntry failed = e;
  failed.task_definition_arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:14";
  failed.running_now = false;
  failed.actor.clear();
  failed.run_url.clear();
  failed.deployments = {{"arn:sd2", "ROLLBACK_SUCCESSFUL", "", k_t, k_t}};
  r.entries = {failed, e};
  EXPECT_EQ(history_text(r),
            "family web (newest first; * = running now)\n\n"
            "  REVISION          IMAGE TAG               REGISTERED            COMMIT    "
            "DEPLOYMENTS\n"
            "  web:14            v2                      2027-01-15T08:00:00Z  01234567  "
            "FAILED (rolled back)\n"
            "* web:13            v2                      2027-01-15T08:00:00Z  01234567  "
            "SUCCESSFUL\n"
            "      by octocat https://github.com/o/r/actions/runs/1\n");
  auto j = nlohmann::json::parse(history_json(r));
  EXPECT_EQ(j["entries"][1]["revision"], 13);
  EXPECT_EQ(j["entries"][1]["deployments"][0]["status"], "SUCCESSFUL");
  EXPECT_EQ(j["entries"][1]["running_now"], true);
  EXPECT_EQ(j["entries"][0]["deployments"][0]["status"], "ROLLBACK_SUCCESSFUL");  // ECS's word
}

}  // namespace
}  // namespace cli
