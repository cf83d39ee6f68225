#include "engine/outcome.h"

#include <string>

#include <gtest/gtest.h>

namespace engine {
namespace {

// The JSON output's `outcome` words (the exit codes are cli/exit_codes_test.cpp's).
TEST(Outcome, HasOneDocumentedWordEach) {
  const std::pair<Outcome, std::string> rows[] = {
      {Outcome::Succeeded, "succeeded"},          {Outcome::Error, "error"},
      {Outcome::InvalidInput, "invalid-input"},   {Outcome::PreflightFailed, "preflight-failed"},
      {Outcome::RolloutFailed, "rollout-failed"}, {Outcome::TimedOut, "timed-out"},
      {Outcome::Interrupted, "interrupted"},
  };
  for (const auto& [outcome, name] : rows) {
    EXPECT_EQ(to_string(outcome), name);
  }
}

TEST(WorstOutcome, RanksTheExitCodesOfAMultiServiceRun) {
  // From least to most severe; each beats every earlier one, in both argument orders.
  const Outcome order[] = {Outcome::Succeeded,       Outcome::TimedOut,     Outcome::RolloutFailed,
                           Outcome::PreflightFailed, Outcome::InvalidInput, Outcome::Error,
                           Outcome::Interrupted};
  for (size_t i = 0; i < std::size(order); ++i) {
    EXPECT_EQ(worst_outcome(order[i], order[i]), order[i]);
    for (size_t j = 0; j < i; ++j) {
      EXPECT_EQ(worst_outcome(order[i], order[j]), order[i]) << i << " " << j;
      EXPECT_EQ(worst_outcome(order[j], order[i]), order[i]) << i << " " << j;
    }
  }
  // A known failure beats a timeout, which beats a success.
  EXPECT_EQ(worst_outcome(Outcome::TimedOut, Outcome::RolloutFailed), Outcome::RolloutFailed);
  EXPECT_EQ(worst_outcome(Outcome::Succeeded, Outcome::TimedOut), Outcome::TimedOut);
}

}  // namespace
}  // namespace engine
