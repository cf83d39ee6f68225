#include "engine/plan.h"

#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/testing/deploy_fixture.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

// The service runs web:1 (image v1) while the family's latest revision web:2 has image v3,
// as after ECS rolled a crashing v3 back.
class PlanAfterRollbackTest : public testing_fixture::DeployFixture {
 protected:
  void SetUp() override {
    DeployFixture::SetUp();
    Json td = aws.revisions["web"][0];
    td.erase("taskDefinitionArn");
    td["containerDefinitions"][0]["image"] = aws.registry() + "/web:v3";
    aws.add_revision(td);
    options.desired_count = 2;
    options.dry_run = true;
  }
};

TEST_F(PlanAfterRollbackTest, BeforeImageIsWhatTheServiceRuns) {
  options.image_tag = "v2";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.previous_task_definition, aws.td_arn("web", 1));
  EXPECT_EQ(r.previous_image, aws.registry() + "/web:v1");
  auto plans = reporter.all<PlanReady>();
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].current_image, aws.registry() + "/web:v1");
  EXPECT_EQ(plans[0].base_task_definition, aws.td_arn("web", 2));
  EXPECT_FALSE(plans[0].reuse_revision);
}

TEST_F(PlanAfterRollbackTest, ReuseIsDecidedOnTheLatestRevision) {
  options.image_tag = "v3";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  auto plans = reporter.all<PlanReady>();
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_TRUE(plans[0].reuse_revision);
  EXPECT_EQ(plans[0].current_image, aws.registry() + "/web:v1");
  EXPECT_EQ(plans[0].new_image, aws.registry() + "/web:v3");
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 2));
}

TEST(PlanDeploy, WithoutTheCurrentRevisionTheBaseImageIsTheBefore) {
  services::TaskDefinition base;
  base.arn = "arn:aws:ecs:us-east-1:1:task-definition/web:2";
  base.family = "web";
  base.raw = {{"family", "web"},
              {"containerDefinitions", {{{"name", "app"}, {"image", "repo/web:v1"}}}}};
  services::Service service;
  service.task_definition = base.arn;
  DeployOptions o;
  o.container = "app";
  o.image_tag = "v2";
  auto plan = plan_deploy(o, service, base, nullptr);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->old_image, "repo/web:v1");
  EXPECT_EQ(plan->new_image, "repo/web:v2");
}

TEST_F(PlanAfterRollbackTest, KeepDesiredCountTakesTheServicesCount) {
  options.image_tag = "v2";
  options.desired_count = 1;
  options.keep_desired_count = true;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  auto plans = reporter.all<PlanReady>();
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0].new_desired, plans[0].current_desired);
  EXPECT_EQ(r.desired_count, plans[0].current_desired);
  for (const auto& m : reporter.all<Message>()) {
    EXPECT_NE(m.severity, Severity::Warning) << m.text;
  }
}

TEST_F(PlanAfterRollbackTest, AGivenSmallerCountIsAWarning) {
  options.image_tag = "v2";
  options.desired_count = 1;  // the service runs 2
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  bool warned = false;
  for (const auto& m : reporter.all<Message>()) {
    warned =
        warned || (m.severity == Severity::Warning && m.text == "desired count decreases 2 -> 1");
  }
  EXPECT_TRUE(warned) << reporter.dump();
}

TEST(DesiredCountWarning, OnlyADecreaseWarns) {
  EXPECT_FALSE(desired_count_warning(2, 2));
  EXPECT_FALSE(desired_count_warning(2, 10));
  auto w = desired_count_warning(10, 2);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->severity, Severity::Warning);
  EXPECT_EQ(w->text, "desired count decreases 10 -> 2");
}

}  // namespace
}  // namespace engine
