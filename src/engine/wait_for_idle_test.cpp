#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/testing/deploy_fixture.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;

class WaitForIdleTest : public testing_fixture::DeployFixture {
 protected:
  void SetUp() override {
    DeployFixture::SetUp();
    aws.primary()["rolloutState"] = "IN_PROGRESS";  // someone else's rollout
    options.image_tag = "v2";
    options.desired_count = 2;
    options.wait_for_idle = true;
  }
};

// Given --wait-for-idle, the deployment in progress is waited for, not reported as a failed
// check telling the user to pass the flag they passed.
TEST_F(WaitForIdleTest, NoFailedIdleCheckWhileWaiting) {
  // Someone else's rollout finishes once the wait has slept, so the wait did wait.
  aws.on_describe_services = [this](FakeAws& f) {
    if (f.primary()["rolloutState"] == "IN_PROGRESS" && !clock.sleeps().empty()) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  for (const auto& c : reporter.all<PreflightCheck>()) {
    EXPECT_TRUE(c.ok) << c.name << ": " << c.detail;
  }
}

TEST_F(WaitForIdleTest, CtrlCWhileWaitingIsInterrupted) {
  // Ctrl-C lands at the first look after the wait slept: the preflight's reads are done and
  // the deployment in progress is being waited for.
  aws.on_describe_services = [this](FakeAws& /*f*/) {
    if (!clock.sleeps().empty()) {
      util::request_interrupt();
    }
  };
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Interrupted) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
}

}  // namespace
}  // namespace engine
