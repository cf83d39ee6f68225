#include "engine/outcome.h"

#include <string>

#include <gtest/gtest.h>

namespace engine {
namespace {

TEST(Outcome, MapsOneToOneToDocumentedExitCodes) {
  struct Row {
    Outcome outcome;
    int code;
    std::string name;
  };
  const Row rows[] = {
      {Outcome::Succeeded, 0, "succeeded"},
      {Outcome::Error, 1, "error"},
      {Outcome::InvalidInput, 2, "invalid-input"},
      {Outcome::PreflightFailed, 3, "preflight-failed"},
      {Outcome::RolloutFailed, 4, "rollout-failed"},
      {Outcome::TimedOut, 5, "timed-out"},
      {Outcome::Interrupted, 130, "interrupted"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(exit_code(row.outcome), row.code) << row.name;
    EXPECT_EQ(to_string(row.outcome), row.name);
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
  // The brief's reading in exit codes: 4 beats 5 beats 0.
  EXPECT_EQ(exit_code(worst_outcome(Outcome::TimedOut, Outcome::RolloutFailed)), 4);
  EXPECT_EQ(exit_code(worst_outcome(Outcome::Succeeded, Outcome::TimedOut)), 5);
}

}  // namespace
}  // namespace engine
