#include "engine/recovery.h"

#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class RecoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    util::reset_interrupt_for_tests();
    aws.standard_setup();
    aws.service()["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"] = true;
    options.cluster = "stg";
    options.service = "web";
    options.container = "app";
    options.image_tag = "v2";
    options.desired_count = 2;
    options.watch.timeout = std::chrono::minutes(30);
  }
  OperationResult run() {
    auto clients = aws.clients();
    return deploy(clients, clock, reporter, options);
  }
  std::chrono::milliseconds slept() const {
    std::chrono::milliseconds total{0};
    for (auto s : clock.sleeps()) {
      total += std::chrono::duration_cast<std::chrono::milliseconds>(s);
    }
    return total;
  }

  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  DeployOptions options;
};

// ROLLBACK_FAILED is final: ECS gave up on its own rollback. Waiting for the previous revision
// to settle would only wait out the timeout.
TEST_F(RecoveryTest, EcsRollbackFailedEndsAtOnceAndSaysSo) {
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.primary()["rolloutState"] = "FAILED";
      f.set_current_sd_status("web", "ROLLBACK_FAILED");
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_FALSE(r.rolled_back);
  EXPECT_LT(slept(), std::chrono::minutes(1)) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("rollback failed"), std::string::npos) << r.failure_reason;
  EXPECT_NE(r.summary.find("now running: web:2"), std::string::npos) << r.summary;
  EXPECT_TRUE(reporter.all<RollbackStarted>().empty()) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

TEST(AssessRollbackFailed, IsFinalAndNotARollback) {
  services::Service s;
  s.status = "ACTIVE";
  services::Deployment d;
  d.id = "ecs-svc/2";
  d.status = "PRIMARY";
  d.task_definition = "td:2";
  d.rollout_state = "FAILED";
  s.deployments = {d};
  services::ServiceDeployment sd;
  sd.status = "ROLLBACK_FAILED";
  sd.status_reason = "tasks of the rollback target failed to start";
  RolloutVerdict v = assess_rollout({s, sd}, {"td:2", "ecs-svc/2", "arn:sd", "td:1"}, {});
  EXPECT_EQ(v.kind, VerdictKind::Failed);
  EXPECT_FALSE(v.rolled_back_by_ecs);
  EXPECT_TRUE(v.ecs_rollback_failed);
  EXPECT_NE(v.reason.find("tasks of the rollback target failed to start"), std::string::npos);
}

}  // namespace
}  // namespace engine
