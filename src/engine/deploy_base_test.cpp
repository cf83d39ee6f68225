#include "engine/deploy_base.h"

#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/last_good.h"
#include "engine/rollback.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

const std::string k_web1 = "arn:aws:ecs:us-east-1:1:task-definition/web:1";
const std::string k_web2 = "arn:aws:ecs:us-east-1:1:task-definition/web:2";

services::Service steady_service(const std::string& td, const std::string& rollout) {
  services::Service s;
  s.task_definition = td;
  services::Deployment d;
  d.status = "PRIMARY";
  d.task_definition = td;
  d.rollout_state = rollout;
  s.deployments.push_back(d);
  return s;
}

TEST(LastGoodRevision, TheNewestSuccessfulServiceDeployment) {
  std::vector<PastDeployment> history = {{"sd/3", "ROLLBACK_SUCCESSFUL", k_web2},
                                         {"sd/2", "SUCCESSFUL", k_web1},
                                         {"sd/1", "SUCCESSFUL", k_web2}};
  auto good = last_good_revision(steady_service(k_web1, "COMPLETED"), history);
  ASSERT_TRUE(good);
  EXPECT_EQ(good->task_definition, k_web1);
  EXPECT_NE(good->why.find("SUCCESSFUL"), std::string::npos) << good->why;
}

TEST(LastGoodRevision, ADeregisteredRevisionIsPassedOver) {
  std::vector<PastDeployment> history = {{"sd/2", "SUCCESSFUL", k_web2, true},
                                         {"sd/1", "SUCCESSFUL", k_web1}};
  auto good = last_good_revision(steady_service(k_web2, "COMPLETED"), history);
  ASSERT_TRUE(good);
  EXPECT_EQ(good->task_definition, k_web1);
}

TEST(LastGoodRevision, WithoutHistoryTheRunningRevisionWhenItsDeploymentCompleted) {
  auto good = last_good_revision(steady_service(k_web1, "COMPLETED"), {});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->task_definition, k_web1);
  EXPECT_FALSE(last_good_revision(steady_service(k_web1, "IN_PROGRESS"), {}));
  EXPECT_FALSE(last_good_revision(steady_service(k_web1, "COMPLETED"),
                                  {{"sd/1", "ROLLBACK_SUCCESSFUL", k_web1}}));
}

TEST(AutoBase, LastGoodOnlyForATagThatRanWellAfterTheLatestFailed) {
  std::vector<PastDeployment> failed = {{"sd/2", "ROLLBACK_SUCCESSFUL", k_web2},
                                        {"sd/1", "SUCCESSFUL", k_web1}};
  EXPECT_TRUE(auto_base_is_last_good(k_web2, failed, true));
  EXPECT_FALSE(auto_base_is_last_good(k_web2, failed, false));  // a new tag: a fix, say
  // Registered but never deployed: a new configuration waiting for its first deploy.
  std::vector<PastDeployment> never = {{"sd/1", "SUCCESSFUL", k_web1}};
  EXPECT_FALSE(auto_base_is_last_good(k_web2, never, true));
  std::vector<PastDeployment> ran = {{"sd/2", "SUCCESSFUL", k_web2}};
  EXPECT_FALSE(auto_base_is_last_good(k_web2, ran, true));
}

// A configuration change (web:2, an environment value) was deployed and rolled back by ECS:
// the service runs web:1 again and web:2 stays the family's latest.
class DeployBaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup();
    Json broken = aws.revisions["web"][0];
    broken.erase("taskDefinitionArn");
    broken["containerDefinitions"][0]["environment"] =
        Json::array({{{"name", "DB_HOST"}, {"value", "db-renamed.internal"}}});
    broken_arn = aws.add_revision(broken);
    aws.add_service_deployment("web", broken_arn, "ROLLBACK_SUCCESSFUL");
    aws.on_describe_services = [](FakeAws& f) {
      if (f.primary()["rolloutState"] == "IN_PROGRESS") {
        f.complete_rollout();
      }
    };
  }
  Json registered_environment() const {
    auto in = aws.inputs_of("RegisterTaskDefinition");
    return in.empty() ? Json() : in.back()["containerDefinitions"][0]["environment"];
  }
  OperationResult deploy_tag(const std::string& tag, BaseChoice base = {}) {
    DeployOptions d;
    d.cluster = "stg";
    d.service = "web";
    d.container = "app";
    d.image_tag = tag;
    d.keep_desired_count = true;
    d.base = base;
    auto clients = aws.clients();
    return deploy(clients, clock, reporter, d);
  }
  OperationResult rollback_to_tag(const std::string& tag, BaseChoice base) {
    RollbackOptions o;
    o.cluster = "stg";
    o.service = "web";
    o.container = "app";
    o.to_tag = tag;
    o.base = base;
    auto clients = aws.clients();
    return rollback(clients, clock, reporter, o);
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  std::string broken_arn;
};

TEST_F(DeployBaseTest, RollbackToTagCopiesTheLastGoodRevisionByDefault) {
  OperationResult r = rollback_to_tag("v2", RollbackOptions{}.base);
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.base_task_definition, aws.td_arn("web", 1));
  EXPECT_EQ(registered_environment(),
            aws.revisions["web"][0]["containerDefinitions"][0]["environment"]);
  EXPECT_NE(r.summary.find("a copy of web:1"), std::string::npos) << r.summary;
  EXPECT_NE(reporter.dump().find("the revision that last ran successfully"), std::string::npos)
      << reporter.dump();
}

TEST_F(DeployBaseTest, RollbackToTagCanCopyTheLatestWhenAsked) {
  OperationResult r = rollback_to_tag("v2", {BaseKind::Latest});
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.base_task_definition, broken_arn);
  EXPECT_EQ(registered_environment()[0]["name"], "DB_HOST");
}

TEST_F(DeployBaseTest, RollbackToTagCanCopyAGivenRevision) {
  OperationResult r = rollback_to_tag("v2", {BaseKind::Revision, 1});
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.base_task_definition, aws.td_arn("web", 1));
  EXPECT_EQ(rollback_to_tag("v2", {BaseKind::Revision, 9}).outcome, Outcome::PreflightFailed);
}

TEST_F(DeployBaseTest, AutoRedeployOfAPreviousTagCopiesTheLastGoodRevision) {
  OperationResult r = deploy_tag("v1");  // web:1 runs v1
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.base_task_definition, aws.td_arn("web", 1));
  EXPECT_EQ(reporter.dump().find("differs from it beyond the image"), std::string::npos);
}

TEST_F(DeployBaseTest, AutoDeployOfANewTagCopiesTheLatestAndWarns) {
  OperationResult r = deploy_tag("v3");
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.base_task_definition, broken_arn);
  EXPECT_NE(reporter.dump().find("differs from it beyond the image"), std::string::npos)
      << reporter.dump();
}

TEST_F(DeployBaseTest, LastGoodWithNothingKnownGoodFailsPreflightAndChangesNothing) {
  for (auto& [arn, sd] : aws.service_deployments) {
    sd["status"] = "ROLLBACK_SUCCESSFUL";
  }
  OperationResult r = deploy_tag("v1", {BaseKind::LastGood});
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
}

}  // namespace
}  // namespace engine
