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

}  // namespace
}  // namespace engine
