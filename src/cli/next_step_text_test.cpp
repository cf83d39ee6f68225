#include "cli/next_step_text.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

using engine::Hint;
using engine::NextStep;

TEST(NextStepText, FollowDeploymentNamesTheStatusCommandForTheService) {
  EXPECT_EQ(next_step_text(Hint{NextStep::FollowDeployment, "stg", "web"}),
            "follow it with `ecsdeploy status --cluster stg --service web`");
}

// The lint hint for a container without logs points at commands that really show a stopped
// task's reason and log lines: the deploy's own output, `ecsdeploy status`, then the AWS CLI.
TEST(NextStepText, StoppedTaskEvidenceNamesCommandsThatShowIt) {
  const std::string t = next_step_text(Hint{NextStep::ReadStoppedTasks});
  EXPECT_NE(t.find("ecsdeploy status --cluster C --service S"), std::string::npos) << t;
  EXPECT_NE(t.find("ecsdeploy deploy"), std::string::npos) << t;
  EXPECT_NE(t.find("aws ecs describe-tasks"), std::string::npos) << t;
  EXPECT_NE(t.find("aws logs get-log-events"), std::string::npos) << t;
}

TEST(NextStepText, EveryStepHasWords) {
  for (int i = 0; i <= static_cast<int>(NextStep::ReadStoppedTasks); ++i) {
    EXPECT_FALSE(next_step_text(Hint{static_cast<NextStep>(i), "c", "s"}).empty()) << i;
  }
}

TEST(NextStepText, HintsFollowTheTextInOrder) {
  EXPECT_EQ(with_hints("nothing to restore", {Hint{NextStep::ReadDeployRolePolicy, "stg", "web"},
                                              Hint{NextStep::GiveDesiredCount}}),
            "nothing to restore; `ecsdeploy iam-policy --cluster stg --service web` prints the "
            "deploy role's policy; or pass --desired-count");
  EXPECT_EQ(with_hints("plain", {}), "plain");
}

TEST(NextStepText, SummaryOfAFinishedRunCarriesItsNextSteps) {
  engine::Finished f{engine::Outcome::TimedOut,
                     false,
                     "timed out; the deployment continues",
                     {Hint{NextStep::FollowDeployment, "stg", "web"}}};
  EXPECT_EQ(summary_text(f),
            "timed out; the deployment continues; follow it with `ecsdeploy status --cluster stg "
            "--service web`");
}

TEST(NextStepText, ADryRunThatSucceededEndsWithDryRun) {
  EXPECT_EQ(outcome_word(engine::Outcome::Succeeded, true), "dry-run");
  EXPECT_EQ(outcome_word(engine::Outcome::Succeeded, false), "succeeded");
  EXPECT_EQ(outcome_word(engine::Outcome::PreflightFailed, true), "preflight-failed");
}

}  // namespace
}  // namespace cli
