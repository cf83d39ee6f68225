#include "engine/scale.h"

#include <gtest/gtest.h>

#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

// The fake converges a desired-count change after two polls.
void converge(FakeAws& f) {
  Json& s = f.service();
  if (s["runningCount"] != s["desiredCount"] && f.describe_services_calls % 2 == 0) {
    s["runningCount"] = s["desiredCount"];
    f.primary()["runningCount"] = s["desiredCount"];
  }
}

class ScaleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup(2);
    aws.on_describe_services = converge;
    options.cluster = "stg";
    options.service = "web";
  }
  OperationResult run() {
    auto clients = aws.clients();
    return scale(clients, clock, reporter, options);
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  ScaleOptions options;
};

TEST_F(ScaleTest, ToZeroRemembersTheCountAndWaitsUntilNoTaskRuns) {
  options.desired_count = 0;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.service()["runningCount"], 0);
  EXPECT_EQ(r.previous_desired_count, 2);
  EXPECT_EQ(aws.mutating_calls(), (std::vector<std::string>{"TagResource", "UpdateService"}));
  EXPECT_EQ(aws.service()["tags"].dump(),
            R"([{"key":"ecsdeploy:previous-desired-count","value":"2"}])");
  // Only desiredCount is sent.
  for (const auto& req : aws.transport.requests()) {
    if (aws::find_header(req.headers, "X-Amz-Target").value_or("").ends_with("UpdateService")) {
      Json body = Json::parse(req.body);
      EXPECT_FALSE(body.contains("taskDefinition"));
      EXPECT_FALSE(body.contains("forceNewDeployment"));
      EXPECT_EQ(body["desiredCount"], 0);
    }
  }
}

TEST_F(ScaleTest, RestoreBringsTheRememberedCountBack) {
  options.desired_count = 0;
  ASSERT_EQ(run().outcome, Outcome::Succeeded);
  options.desired_count.reset();
  options.restore = true;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.desired_count, 2);
  EXPECT_EQ(aws.service()["desiredCount"], 2);
  EXPECT_EQ(aws.service()["runningCount"], 2);
}

TEST_F(ScaleTest, RestoreWithoutTagFailsPreflight) {
  options.restore = true;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed);
  EXPECT_TRUE(aws.mutating_calls().empty());
}

TEST_F(ScaleTest, DryRunChangesNothing) {
  options.desired_count = 0;
  options.dry_run = true;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Succeeded);
  EXPECT_TRUE(aws.mutating_calls().empty());
  EXPECT_EQ(reporter.all<PlanReady>().at(0).new_desired, 0);
}

TEST_F(ScaleTest, CountAndRestoreTogetherIsInvalid) {
  options.desired_count = 1;
  options.restore = true;
  EXPECT_EQ(run().outcome, Outcome::InvalidInput);
}

TEST(RememberedDesiredCount, ParsesOnlyPlainNumbers) {
  EXPECT_EQ(remembered_desired_count({{"ecsdeploy:previous-desired-count", "3"}}), 3);
  EXPECT_FALSE(remembered_desired_count({{"ecsdeploy:previous-desired-count", "x"}}));
  EXPECT_FALSE(remembered_desired_count({{"ecsdeploy:previous-desired-count", "-1"}}));
  EXPECT_FALSE(remembered_desired_count({{"other", "3"}}));
}

}  // namespace
}  // namespace engine
