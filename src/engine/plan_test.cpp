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

}  // namespace
}  // namespace engine
