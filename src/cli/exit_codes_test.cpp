#include "cli/exit_codes.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

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

TEST(ExitCodes, UsageErrorAnnotationOnlyUnderGitHubActions) {
  using Vars = std::map<std::string, std::string>;
  const std::string message = "invalid --image-tag 'a b'\nsee --help";
  EXPECT_EQ(usage_error_annotation(util::MapEnv(Vars{{"GITHUB_ACTIONS", "true"}}), message),
            "::error title=ecsdeploy::invalid --image-tag 'a b'%0Asee --help\n");
  EXPECT_EQ(usage_error_annotation(util::MapEnv(), message), "");
  EXPECT_EQ(usage_error_annotation(util::MapEnv(Vars{{"GITHUB_ACTIONS", "false"}}), message), "");
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

TEST(ExitCodes, EngineOutcomes) {
  using engine::Outcome;
  const std::pair<Outcome, ExitCode> rows[] = {
      {Outcome::Succeeded, ExitCode::Success},
      {Outcome::Error, ExitCode::Unexpected},
      {Outcome::InvalidInput, ExitCode::Usage},
      {Outcome::PreflightFailed, ExitCode::PreflightFailed},
      {Outcome::RolloutFailed, ExitCode::RolloutFailed},
      {Outcome::TimedOut, ExitCode::TimedOut},
      {Outcome::Interrupted, ExitCode::Interrupted},
  };
  for (const auto& [outcome, code] : rows) {
    EXPECT_EQ(exit_code_for(outcome), code) << engine::to_string(outcome);
  }
}

}  // namespace
}  // namespace cli
