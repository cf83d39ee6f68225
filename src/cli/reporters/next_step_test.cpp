#include "cli/reporters/next_step.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

using engine::Finished;
using engine::Outcome;

Finished finished(Outcome o, std::string summary, bool dry_run = false, engine::Hints next = {}) {
  Finished f;
  f.outcome = o;
  f.dry_run = dry_run;
  f.summary = std::move(summary);
  f.next = std::move(next);
  f.command = "deploy";
  f.cluster = "stg";
  f.service = "web";
  return f;
}

TEST(NextStep, EveryFailureNamesACommandOrADoc) {
  for (Outcome outcome : {Outcome::PreflightFailed, Outcome::RolloutFailed, Outcome::TimedOut,
                          Outcome::Interrupted, Outcome::Error, Outcome::InvalidInput}) {
    const std::string next = next_step(finished(outcome, "it went wrong"));
    EXPECT_TRUE(next.starts_with("next: ")) << engine::to_string(outcome);
    EXPECT_TRUE(next.find("`ecsdeploy ") != std::string::npos ||
                next.find("docs/") != std::string::npos)
        << engine::to_string(outcome) << ": " << next;
  }
  EXPECT_NE(next_step(finished(Outcome::RolloutFailed, "x"))
                .find("`ecsdeploy status --cluster stg --service web`"),
            std::string::npos);
}

TEST(NextStep, SuccessesAndDryRunsHaveNone) {
  EXPECT_EQ(next_step(finished(Outcome::Succeeded, "deployed")), "");
  EXPECT_EQ(next_step(finished(Outcome::Succeeded, "would deploy", true)), "");
  EXPECT_EQ(with_next_step(finished(Outcome::Succeeded, "deployed"), "deployed"), "deployed");
}

TEST(NextStep, ARunThatAlreadySaysHowToFollowItGetsOnlyTheDocs) {
  Finished f = finished(Outcome::TimedOut, "timed out", false,
                        {engine::Hint{engine::NextStep::FollowDeployment, "stg", "web"}});
  EXPECT_EQ(next_step(f).find("`ecsdeploy"), std::string::npos) << next_step(f);
}

}  // namespace
}  // namespace cli
