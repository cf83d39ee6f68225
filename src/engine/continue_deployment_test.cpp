#include "engine/continue_deployment.h"

#include <gtest/gtest.h>

#include "engine/rollback.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;
using services::LifecycleHookRun;

LifecycleHookRun hook(std::string id, std::string type, std::string status) {
  LifecycleHookRun h;
  h.hook_id = std::move(id);
  h.target_type = std::move(type);
  h.status = std::move(status);
  return h;
}

services::ServiceDeployment deployment(std::string status, std::vector<LifecycleHookRun> hooks) {
  services::ServiceDeployment d;
  d.arn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/stg/web/sd9";
  d.status = std::move(status);
  d.lifecycle_stage = "POST_TEST_TRAFFIC_SHIFT";
  d.hooks = std::move(hooks);
  return d;
}

TEST(ChooseHook, Table) {
  const auto pause_a = hook("h-a", "PAUSE", "AWAITING_ACTION");
  const auto pause_b = hook("h-b", "PAUSE", "AWAITING_ACTION");
  const auto lambda = hook("h-l", "AWS_LAMBDA", "AWAITING_ACTION");
  const auto done = hook("h-d", "PAUSE", "SUCCEEDED");
  struct Row {
    const char* name;
    services::ServiceDeployment d;
    std::optional<std::string> hook_id;
    std::string chosen;   // "" when refused
    std::string problem;  // part of the refusal
  };
  const std::vector<Row> rows = {
      {"one awaiting", deployment("IN_PROGRESS", {done, pause_a}), {}, "h-a", ""},
      {"asked and awaiting", deployment("IN_PROGRESS", {pause_a, pause_b}), "h-b", "h-b", ""},
      {"none awaiting names status and stage",
       deployment("IN_PROGRESS", {done, lambda}),
       {},
       "",
       "no pause hook awaits action on deployment sd9 (status IN_PROGRESS, stage "
       "POST_TEST_TRAFFIC_SHIFT)"},
      {"terminal",
       deployment("SUCCESSFUL", {done}),
       {},
       "",
       "deployment sd9 has already ended SUCCESSFUL"},
      {"several without an id",
       deployment("IN_PROGRESS", {pause_a, pause_b}),
       {},
       "",
       "2 pause hooks await action on deployment sd9: h-a, h-b"},
      {"id not awaiting", deployment("IN_PROGRESS", {pause_a, done}), "h-d", "",
       "hook h-d does not await action on deployment sd9; awaiting: h-a"},
      {"a lambda hook is never resumed", deployment("IN_PROGRESS", {lambda}), "h-l", "",
       "no pause hook awaits action"},
  };
  for (const Row& r : rows) {
    auto got = choose_hook(r.d, r.hook_id);
    if (r.chosen.empty()) {
      ASSERT_TRUE(std::holds_alternative<std::string>(got)) << r.name;
      EXPECT_NE(std::get<std::string>(got).find(r.problem), std::string::npos)
          << r.name << ": " << std::get<std::string>(got);
    } else {
      ASSERT_TRUE(std::holds_alternative<LifecycleHookRun>(got)) << r.name;
      EXPECT_EQ(std::get<LifecycleHookRun>(got).hook_id, r.chosen) << r.name;
    }
  }
}

TEST(ChooseHook, ListsExpiryOfEachAwaitingHook) {
  auto a = hook("h-a", "PAUSE", "AWAITING_ACTION");
  a.expires_at = util::SystemTime{} + std::chrono::seconds(1700000000);
  a.timeout_action = "ROLLBACK";
  auto got = choose_hook(deployment("IN_PROGRESS", {a, hook("h-b", "PAUSE", "AWAITING_ACTION")}),
                         std::nullopt);
  ASSERT_TRUE(std::holds_alternative<std::string>(got));
  EXPECT_NE(std::get<std::string>(got).find("h-a (expires 2023-11-14T22:13:20Z, then ROLLBACK)"),
            std::string::npos)
      << std::get<std::string>(got);
}

// A blue/green deployment of web:2 over web:1, paused at POST_TEST_TRAFFIC_SHIFT.
class ContinueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup();
    Json td = aws.revisions["web"][0];
    td.erase("taskDefinitionArn");
    v2 = aws.add_revision(td);
    Json& s = aws.service();
    s["taskDefinition"] = v2;
    s["deployments"] = Json::array(
        {FakeAws::deployment("ecs-svc/2", "PRIMARY", v2, 2, 2, "IN_PROGRESS"),
         FakeAws::deployment("ecs-svc/1", "ACTIVE", aws.td_arn("web", 1), 2, 2, "COMPLETED")});
    const std::string source_sd = aws.service()["currentServiceDeployment"];
    const Json source_rev = aws.service_deployments[source_sd]["targetServiceRevision"];
    sd = aws.add_service_deployment("web", v2, "IN_PROGRESS");
    Json& d = aws.service_deployments[sd];
    d["lifecycleStage"] = "POST_TEST_TRAFFIC_SHIFT";
    d["sourceServiceRevisions"] = Json::array({source_rev});
    d["lifecycleHookDetails"] = Json::array({{{"hookId", "hook-1"},
                                              {"targetType", "PAUSE"},
                                              {"status", "AWAITING_ACTION"},
                                              {"expiresAt", 1700086400},
                                              {"timeoutAction", "ROLLBACK"}}});
    options.cluster = "stg";
    options.service = "web";
    options.watch.settle = std::chrono::seconds(0);
  }
  // ECS after a CONTINUE: green takes over and the deployment succeeds.
  void complete_when_continued() {
    aws.on_describe_services = [this](FakeAws& f) {
      if (f.service_deployments[sd]["lifecycleHookDetails"][0]["status"] == "SUCCEEDED") {
        f.complete_rollout();
      }
    };
  }
  // ECS after a ROLLBACK: blue is PRIMARY again, green gone.
  void roll_back_when_asked() {
    aws.on_describe_services = [this](FakeAws& f) {
      if (f.service_deployments[sd]["status"] == "ROLLBACK_REQUESTED") {
        Json& s = f.service();
        s["deployments"] = Json::array(
            {FakeAws::deployment("ecs-svc/1", "PRIMARY", f.td_arn("web", 1), 2, 2, "COMPLETED")});
        s["taskDefinition"] = f.td_arn("web", 1);
        f.service_deployments[sd]["status"] = "ROLLBACK_SUCCESSFUL";
      }
    };
  }
  std::vector<Json> continue_inputs() const { return aws.inputs_of("ContinueServiceDeployment"); }
  OperationResult run() {
    auto clients = aws.clients();
    return continue_deployment(clients, clock, reporter, options);
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  ContinueOptions options;
  std::string v2;
  std::string sd;
};

TEST_F(ContinueTest, ContinuesTheAwaitingHookAndWatchesUntilSuccessful) {
  complete_when_continued();
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(continue_inputs().size(), 1u);
  EXPECT_EQ(continue_inputs()[0]["hookId"], "hook-1");
  EXPECT_EQ(continue_inputs()[0]["action"], "CONTINUE");
  EXPECT_EQ(continue_inputs()[0]["serviceDeploymentArn"], sd);
  EXPECT_EQ(r.task_definition, v2);
  EXPECT_EQ(r.service_deployment_arn, sd);
  EXPECT_NE(r.summary.find("continued hook hook-1 with CONTINUE"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("SUCCESSFUL"), std::string::npos) << r.summary;
}

TEST_F(ContinueTest, RollbackEndsWhenEcsRolledBack) {
  roll_back_when_asked();
  options.rollback = true;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(continue_inputs().at(0)["action"], "ROLLBACK");
  EXPECT_TRUE(r.rolled_back);
  EXPECT_EQ(r.running_task_definition, aws.td_arn("web", 1));
  EXPECT_NE(r.summary.find("ROLLBACK_SUCCESSFUL"), std::string::npos) << r.summary;
}

TEST_F(ContinueTest, RollbackThatEcsCannotFinishIsAFailure) {
  aws.on_describe_services = [this](FakeAws& f) {
    if (f.service_deployments[sd]["status"] == "ROLLBACK_REQUESTED") {
      f.service()["deployments"] = Json::array(
          {FakeAws::deployment("ecs-svc/1", "PRIMARY", f.td_arn("web", 1), 2, 2, "COMPLETED")});
      f.service_deployments[sd]["status"] = "ROLLBACK_FAILED";
    }
  };
  options.rollback = true;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("serving nothing"), std::string::npos) << r.failure_reason;
}

TEST_F(ContinueTest, DryRunNamesTheHookAndChangesNothing) {
  options.dry_run = true;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
  EXPECT_NE(r.summary.find("would continue hook hook-1"), std::string::npos) << r.summary;
}

TEST_F(ContinueTest, NoHookAwaitingIsRefusedWithoutChanges) {
  aws.service_deployments[sd]["lifecycleHookDetails"][0]["status"] = "SUCCEEDED";
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
  EXPECT_NE(r.summary.find("status IN_PROGRESS, stage POST_TEST_TRAFFIC_SHIFT"), std::string::npos)
      << r.summary;
}

TEST_F(ContinueTest, WrongHookIdIsRefusedWithoutChanges) {
  options.hook_id = "hook-9";
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
  EXPECT_NE(r.summary.find("awaiting: hook-1"), std::string::npos) << r.summary;
}

TEST_F(ContinueTest, FallsBackToListingWhenTheServiceNamesNoDeployment) {
  aws.service().erase("currentServiceDeployment");
  aws.on_describe_services = [this](FakeAws& f) {
    if (f.service_deployments[sd]["lifecycleHookDetails"][0]["status"] == "SUCCEEDED") {
      f.complete_rollout();
      f.service_deployments[sd]["status"] = "SUCCESSFUL";
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.inputs_of("ListServiceDeployments").size(), 1u);
  EXPECT_EQ(continue_inputs().at(0)["serviceDeploymentArn"], sd);
}

// rollback of a paused deployment goes through its hook, not StopServiceDeployment.
TEST_F(ContinueTest, RollbackCommandRollsAPausedDeploymentBackThroughItsHook) {
  roll_back_when_asked();
  RollbackOptions ro;
  ro.cluster = "stg";
  ro.service = "web";
  auto clients = aws.clients();
  OperationResult r = rollback(clients, clock, reporter, ro);
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls(), std::vector<std::string>{"ContinueServiceDeployment"});
  EXPECT_EQ(continue_inputs().at(0)["action"], "ROLLBACK");
  EXPECT_NE(r.summary.find("paused deployment at hook hook-1"), std::string::npos) << r.summary;
  EXPECT_EQ(r.running_task_definition, aws.td_arn("web", 1));
}

}  // namespace
}  // namespace engine
