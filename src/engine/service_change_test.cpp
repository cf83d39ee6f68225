#include "engine/service_change.h"

#include <gtest/gtest.h>

#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class ServiceChangeTest : public ::testing::Test {
 protected:
  void SetUp() override { aws.standard_setup(); }
  services::Service before() {
    auto clients = aws.clients();
    auto d = clients.ecs.describe_services("stg", {"web"});
    return d->services.front();
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  std::chrono::milliseconds took{0};
};

// Only what the change names reaches UpdateService: a rollback keeps the count, a scale keeps
// the revision, and nothing else (load balancers, deployment configuration) is ever sent.
TEST_F(ServiceChangeTest, SendsOnlyWhatTheChangeNames) {
  const services::Service svc = before();
  auto clients = aws.clients();
  ASSERT_TRUE(send_service_change(clients, clock, reporter, "stg", "web", svc,
                                  {aws.td_arn("web", 1), std::nullopt, false}, "u", took));
  ASSERT_TRUE(send_service_change(clients, clock, reporter, "stg", "web", svc,
                                  {std::nullopt, 3, false}, "u", took));
  auto inputs = aws.inputs_of("UpdateService");
  ASSERT_EQ(inputs.size(), 2u);
  EXPECT_EQ(
      inputs[0],
      (Json{{"cluster", "stg"}, {"service", "web"}, {"taskDefinition", aws.td_arn("web", 1)}}));
  EXPECT_EQ(inputs[1], (Json{{"cluster", "stg"}, {"service", "web"}, {"desiredCount", 3}}));
}

// Ours is the PRIMARY deployment of the new revision and the service deployment that was not
// there before; the event says both.
TEST_F(ServiceChangeTest, NamesOurDeployment) {
  const std::string v2 = aws.add_revision(aws.revisions["web"].back());
  const services::Service svc = before();
  auto clients = aws.clients();
  auto target =
      send_service_change(clients, clock, reporter, "stg", "web", svc, {v2, 2, true}, "u", took);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->task_definition, v2);
  EXPECT_EQ(target->previous_task_definition, svc.task_definition);
  EXPECT_FALSE(target->deployment_id.empty());
  EXPECT_NE(target->deployment_id, "ecs-svc/1");
  EXPECT_FALSE(target->service_deployment_arn.empty());
  EXPECT_NE(target->service_deployment_arn, svc.current_service_deployment);
  auto updated = reporter.all<ServiceUpdated>();
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_EQ(updated[0].service_deployment_arn, target->service_deployment_arn);
  EXPECT_EQ(updated[0].desired_count, 2);
}

TEST_F(ServiceChangeTest, AFailedUpdateIsTheError) {
  aws.error_once["UpdateService"] = 400;
  const services::Service svc = before();
  auto clients = aws.clients();
  auto target = send_service_change(clients, clock, reporter, "stg", "web", svc,
                                    {std::nullopt, 1, false}, "u", took);
  EXPECT_FALSE(target);
  EXPECT_FALSE(reporter.has<ServiceUpdated>());
}

// A watch that ended without a verdict says what was awaited, that ECS goes on, and how to
// follow it, for every command alike.
TEST_F(ServiceChangeTest, UnjudgedWatchEndings) {
  struct Case {
    Outcome watched;
    const char* command;
    Outcome outcome;
    const char* summary;
  };
  const Case cases[] = {
      {Outcome::TimedOut, "deploy", Outcome::TimedOut,
       "timed out after 5m00s waiting for web:2; the deployment continues"},
      {Outcome::Interrupted, "rollback", Outcome::Interrupted,
       "interrupted while waiting for web:2; the rollback continues"},
      {Outcome::Error, "scale", Outcome::Error,
       "watching web:2 failed: unknown error; the scale continues"},
  };
  for (const Case& c : cases) {
    WatchResult w;
    w.outcome = c.watched;
    OperationResult r = finish_unjudged_watch(reporter, clock, clock.steady_now(),
                                              begin_result(c.command, "stg", "web", false), w,
                                              "web:2", std::chrono::minutes(5));
    EXPECT_EQ(r.outcome, c.outcome) << c.command;
    EXPECT_EQ(r.summary, c.summary);
    ASSERT_EQ(r.next.size(), 1u);
    EXPECT_EQ(r.next[0].step, NextStep::FollowDeployment);
  }
}

TEST_F(ServiceChangeTest, PreflightFailedListsProblemsAndChangesNothing) {
  PreflightResult pre;
  pre.checks.push_back({"cluster", false, false, "cluster 'stg' not found"});
  OperationResult r = finish_preflight_failed(reporter, clock, clock.steady_now(),
                                              begin_result("scale", "stg", "web", false), pre);
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed);
  EXPECT_EQ(r.summary, "preflight failed (1 problem(s)); nothing was changed");
  EXPECT_EQ(r.problems.size(), 1u);
  EXPECT_TRUE(aws.mutating_calls().empty());
}

}  // namespace
}  // namespace engine
