#include "engine/scale.h"

#include "engine/scale_test_fixture.h"

namespace engine {
namespace {

using fake::Json;

using ScaleTest = ScaleTestBase;

// What AWS answers a call the caller's policy does not allow.
std::function<std::optional<util::Error>(const std::string&)> deny(std::string operation) {
  return [operation](const std::string& op) -> std::optional<util::Error> {
    if (op != operation) {
      return std::nullopt;
    }
    return util::make_error(util::ErrorKind::AccessDenied,
                            "User: arn:aws:iam::123456789012:user/ci is not authorized to "
                            "perform: ecs:" +
                                op +
                                " on resource: arn:aws:ecs:us-east-1:123456789012:service/stg/web",
                            "AccessDeniedException");
  };
}

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

TEST_F(ScaleTest, RestoreReadsTheTagWithListTagsForResource) {
  aws.service()["tags"] = Json::array({{{"key", k_previous_desired_count_tag}, {"value", "3"}}});
  aws.service()["desiredCount"] = 0;
  aws.service()["runningCount"] = 0;
  aws.primary()["runningCount"] = 0;
  options.restore = true;
  options.wait = false;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.service()["desiredCount"], 3);
  EXPECT_EQ(aws.count("ListTagsForResource"), 1);
}

TEST_F(ScaleTest, RestoreWithoutListTagsForResourceFailsNamingIt) {
  aws.service()["tags"] = Json::array({{{"key", k_previous_desired_count_tag}, {"value", "3"}}});
  aws.transport_error = deny("ListTagsForResource");
  options.restore = true;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("restore: cannot read the remembered count: "
                               "ecs:ListTagsForResource on "
                               "arn:aws:ecs:us-east-1:123456789012:service/stg/web was denied"),
            std::string::npos)
      << r.problems[0];
  EXPECT_TRUE(aws.mutating_calls().empty());
}

// The count is remembered before it changes: a denied TagResource stops the scale at exit 3
// with nothing changed and says which permission to grant or which flag opts out.
TEST_F(ScaleTest, DeniedTagResourceStopsTheScaleBeforeAnyChange) {
  aws.transport_error = deny("TagResource");
  options.desired_count = 0;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed) << reporter.dump();
  EXPECT_EQ(aws.service()["desiredCount"], 2);
  EXPECT_EQ(aws.mutating_calls(), (std::vector<std::string>{"TagResource"}));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("remember: cannot remember the previous count 2: ecs:TagResource "
                               "on arn:aws:ecs:us-east-1:123456789012:service/stg/web was denied"),
            std::string::npos)
      << r.problems[0];
  ASSERT_EQ(r.next.size(), 2u);
  EXPECT_EQ(r.next[0].step, NextStep::ReadDeployRolePolicy);
  EXPECT_EQ(r.next[1].step, NextStep::ScaleWithoutRemembering);
  EXPECT_NE(r.summary.find("nothing was changed"), std::string::npos) << r.summary;
}

TEST_F(ScaleTest, OtherTagResourceErrorsAlsoChangeNothing) {
  aws.transport_error = [](const std::string& op) -> std::optional<util::Error> {
    if (op == "TagResource") {
      return util::make_error(util::ErrorKind::Network, "connection reset");
    }
    return std::nullopt;
  };
  options.desired_count = 0;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Error) << reporter.dump();
  EXPECT_EQ(aws.service()["desiredCount"], 2);
  EXPECT_NE(r.summary.find("nothing was changed"), std::string::npos) << r.summary;
}

TEST_F(ScaleTest, NoRememberScalesWithoutTagging) {
  aws.transport_error = deny("TagResource");
  options.desired_count = 0;
  options.remember = false;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls(), (std::vector<std::string>{"UpdateService"}));
  EXPECT_EQ(messages(Severity::Notice, "is not recorded (remembering is off)").size(), 1u)
      << reporter.dump();
}

TEST_F(ScaleTest, FromZeroThereIsNothingToRemember) {
  aws.transport_error = deny("TagResource");
  aws.service()["desiredCount"] = 0;
  aws.service()["runningCount"] = 0;
  aws.primary()["runningCount"] = 0;
  options.desired_count = 1;
  options.wait = false;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls(), (std::vector<std::string>{"UpdateService"}));
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
