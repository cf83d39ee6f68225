#include "cli/reporters/next_step.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

TEST(NextStep, EveryFailureNamesACommandOrADoc) {
  for (const char* outcome :
       {"preflight-failed", "rollout-failed", "timed-out", "interrupted", "error",
        "invalid-input"}) {
    engine::Finished f{outcome, "it went wrong", "deploy", "stg", "web"};
    const std::string next = next_step(f);
    EXPECT_TRUE(next.starts_with("next: ")) << outcome;
    EXPECT_TRUE(next.find("`ecsdeploy ") != std::string::npos ||
                next.find("docs/") != std::string::npos)
        << outcome << ": " << next;
  }
  engine::Finished failed{"rollout-failed", "x", "deploy", "stg", "web"};
  EXPECT_NE(next_step(failed).find("`ecsdeploy status --cluster stg --service web`"),
            std::string::npos);
}

TEST(NextStep, SuccessesAndDryRunsHaveNone) {
  EXPECT_EQ(next_step({"succeeded", "deployed"}), "");
  EXPECT_EQ(next_step({"dry-run", "would deploy"}), "");
  EXPECT_EQ(with_next_step({"succeeded", "deployed"}, "deployed"), "deployed");
}

TEST(NextStep, ASummaryThatAlreadyNamesTheFollowUpGetsOnlyTheDocs) {
  engine::Finished f{"timed-out", "timed out; follow it with `ecsdeploy status --cluster a`",
                     "deploy", "a", "b"};
  EXPECT_EQ(next_step(f).find("`ecsdeploy"), std::string::npos) << next_step(f);
}

}  // namespace
}  // namespace cli
