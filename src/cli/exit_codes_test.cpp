#include "cli/exit_codes.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

TEST(ExitCodes, DocumentedValues) {
  EXPECT_EQ(to_int(ExitCode::Success), 0);
  EXPECT_EQ(to_int(ExitCode::Unexpected), 1);
  EXPECT_EQ(to_int(ExitCode::Usage), 2);
  EXPECT_EQ(to_int(ExitCode::PreflightFailed), 3);
  EXPECT_EQ(to_int(ExitCode::RolloutFailed), 4);
  EXPECT_EQ(to_int(ExitCode::TimedOut), 5);
  EXPECT_EQ(to_int(ExitCode::Interrupted), 130);
}

TEST(ExitCodes, ErrorKinds) {
  EXPECT_EQ(exit_code_for(util::ErrorKind::InvalidInput), ExitCode::Usage);
  EXPECT_EQ(exit_code_for(util::ErrorKind::Cancelled), ExitCode::Interrupted);
  EXPECT_EQ(exit_code_for(util::ErrorKind::Credentials), ExitCode::Unexpected);
  EXPECT_EQ(exit_code_for(util::ErrorKind::AccessDenied), ExitCode::Unexpected);
  // A request timeout is not the rollout timeout (exit 5 is reserved for --timeout).
  EXPECT_EQ(exit_code_for(util::ErrorKind::Timeout), ExitCode::Unexpected);
  EXPECT_EQ(exit_code_for(util::ErrorKind::Internal), ExitCode::Unexpected);
}

TEST(ExitCodes, Outcomes) {
  struct Row {
    const char* outcome;
    ExitCode code;
  };
  const Row rows[] = {
      {"succeeded", ExitCode::Success},         {"dry-run", ExitCode::Success},
      {"preflight-failed", ExitCode::PreflightFailed}, {"failed", ExitCode::RolloutFailed},
      {"rolled-back", ExitCode::RolloutFailed}, {"timed-out", ExitCode::TimedOut},
      {"interrupted", ExitCode::Interrupted},   {"something-new", ExitCode::Unexpected},
      {"", ExitCode::Unexpected},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(exit_code_for_outcome(row.outcome), row.code) << row.outcome;
  }
}

}  // namespace
}  // namespace cli
