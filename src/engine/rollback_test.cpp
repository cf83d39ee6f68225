#include "engine/rollback.h"

#include <gtest/gtest.h>

#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

// Rollouts of any revision complete on the next poll, except those of `bad_revision`, whose
// rollout FAILED (circuit breaker without ECS rollback) and whose service deployment STOPPED.
struct Rollouts {
  std::string bad_revision;
  void operator()(FakeAws& f) const {
    Json& p = f.primary();
    if (p["rolloutState"] != "IN_PROGRESS") {
      return;
    }
    if (p["taskDefinition"] == bad_revision) {
      p["rolloutState"] = "FAILED";
      p["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start.";
      f.set_current_sd_status("web", "STOPPED");
    } else {
      f.complete_rollout();
    }
  }
};

class RollbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup();
    options.cluster = "stg";
    options.service = "web";
    options.container = "app";
  }
  OperationResult deploy_tag(const std::string& tag, int desired = 2) {
    DeployOptions d;
    d.cluster = "stg";
    d.service = "web";
    d.container = "app";
    d.image_tag = tag;
    d.desired_count = desired;
    d.rollback_on_failure = false;
    auto clients = aws.clients();
    OperationResult r = deploy(clients, clock, reporter, d);
    return r;
  }
  void deregister(int revision) { aws.revisions["web"][revision - 1]["status"] = "INACTIVE"; }
  OperationResult run() {
    auto clients = aws.clients();
    return rollback(clients, clock, reporter, options);
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  RollbackOptions options;
};

TEST_F(RollbackTest, DefaultTargetAfterTwoGoodDeploysAndOneBad) {
  aws.images.insert("web:v4");
  aws.on_describe_services = Rollouts{aws.td_arn("web", 4)};
  ASSERT_EQ(deploy_tag("v2").outcome, Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(deploy_tag("v3").outcome, Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(deploy_tag("v4").outcome, Outcome::RolloutFailed) << reporter.dump();
  ASSERT_EQ(aws.service()["taskDefinition"], aws.td_arn("web", 4));
  // Let the rollback's own rollout complete.
  aws.on_describe_services = Rollouts{};
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.previous_task_definition, aws.td_arn("web", 4));
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 3));
  EXPECT_EQ(aws.service()["taskDefinition"], aws.td_arn("web", 3));
  EXPECT_NE(r.summary.find("last successful service deployment"), std::string::npos) << r.summary;
  EXPECT_EQ(r.image, aws.registry() + "/web:v3");
}

TEST_F(RollbackTest, WithoutServiceDeploymentsFallsBackToOurDeployTags) {
  aws.supports_service_deployments = false;
  aws.services.clear();
  aws.revisions.clear();
  aws.standard_setup();
  aws.on_describe_services = Rollouts{};
  ASSERT_EQ(deploy_tag("v2").outcome, Outcome::Succeeded) << reporter.dump();
  // A revision registered outside ecsdeploy (no deploy tags), then deployed by hand.
  Json td = aws.revisions["web"][0];
  td.erase("taskDefinitionArn");
  std::string manual = aws.add_revision(td);
  Json& s = aws.service();
  s["taskDefinition"] = manual;
  s["deployments"] =
      Json::array({FakeAws::deployment("ecs-svc/5", "PRIMARY", manual, 2, 2, "COMPLETED")});
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 2));
  EXPECT_NE(r.summary.find("deployed by ecsdeploy"), std::string::npos) << r.summary;
}

TEST_F(RollbackTest, ToRevision) {
  aws.on_describe_services = Rollouts{};
  ASSERT_EQ(deploy_tag("v2").outcome, Outcome::Succeeded);
  options.to_revision = 1;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.service()["taskDefinition"], aws.td_arn("web", 1));
}

TEST_F(RollbackTest, ToMissingRevisionFailsPreflight) {
  options.to_revision = 42;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed);
  EXPECT_TRUE(aws.mutating_calls().empty());
}

// Terraform deregisters replaced revisions by default; ECS cannot start tasks from them.
TEST_F(RollbackTest, DefaultTargetSkipsADeregisteredRevision) {
  aws.images.insert("web:v4");
  aws.on_describe_services = Rollouts{};
  ASSERT_EQ(deploy_tag("v2").outcome, Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(deploy_tag("v3").outcome, Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(deploy_tag("v4").outcome, Outcome::Succeeded) << reporter.dump();
  deregister(3);
  options.dry_run = true;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 2));
  EXPECT_NE(r.summary.find("skipped web:3 (deregistered)"), std::string::npos) << r.summary;
}

TEST_F(RollbackTest, ToADeregisteredRevisionFailsPreflight) {
  aws.on_describe_services = Rollouts{};
  ASSERT_EQ(deploy_tag("v2").outcome, Outcome::Succeeded) << reporter.dump();
  deregister(1);
  options.to_revision = 1;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed) << reporter.dump();
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("web:1 is INACTIVE"), std::string::npos) << r.problems[0];
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

TEST_F(RollbackTest, ToTagGoesThroughDeployAndKeepsTheDesiredCount) {
  aws.on_describe_services = Rollouts{};
  options.to_tag = "v3";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.command, "rollback");
  EXPECT_EQ(r.image, aws.registry() + "/web:v3");
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  EXPECT_EQ(aws.service()["desiredCount"], 2);
}

TEST_F(RollbackTest, InFlightDeploymentIsStoppedWithRollback) {
  DeployOptions d;
  d.cluster = "stg";
  d.service = "web";
  d.container = "app";
  d.image_tag = "v2";
  d.desired_count = 2;
  d.wait = false;
  auto clients = aws.clients();
  ASSERT_EQ(deploy(clients, clock, reporter, d).outcome, Outcome::Succeeded);
  aws.on_describe_services = [](FakeAws& f) {
    std::string sd = f.service()["currentServiceDeployment"];
    if (f.service_deployments[sd]["status"] == "ROLLBACK_REQUESTED") {
      Json& s = f.service();
      s["deployments"] = Json::array(
          {FakeAws::deployment("ecs-svc/900", "PRIMARY", f.td_arn("web", 1), 2, 2, "COMPLETED")});
      s["taskDefinition"] = f.td_arn("web", 1);
      f.service_deployments[sd]["status"] = "ROLLBACK_SUCCESSFUL";
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls().back(), "StopServiceDeployment");
  EXPECT_EQ(r.running_task_definition, aws.td_arn("web", 1));
}

TEST_F(RollbackTest, DryRunChangesNothing) {
  aws.on_describe_services = Rollouts{};
  ASSERT_EQ(deploy_tag("v2").outcome, Outcome::Succeeded);
  auto before = aws.mutating_calls().size();
  options.dry_run = true;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls().size(), before);
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 1));
}

}  // namespace
}  // namespace engine
