#include "cli/command_error.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/reporters/json_reporter.h"

namespace cli {
namespace {

TEST(CommandError, OutputFormatHintReadsArgvThenTheEnvironment) {
  util::MapEnv none;
  util::MapEnv json_env(std::map<std::string, std::string>{{"ECSDEPLOY_OUTPUT", "json"}});
  using Args = std::vector<std::string>;
  EXPECT_EQ(output_format_hint(Args{"status", "--output", "json"}, none), OutputFormat::Json);
  EXPECT_EQ(output_format_hint(Args{"--output=json", "status", "--bad"}, none), OutputFormat::Json);
  EXPECT_EQ(output_format_hint(Args{"status"}, none), OutputFormat::Text);
  EXPECT_EQ(output_format_hint(Args{"status"}, json_env), OutputFormat::Json);
  EXPECT_EQ(output_format_hint(Args{"status", "--output", "text"}, json_env), OutputFormat::Text);
  EXPECT_EQ(output_format_hint(Args{"lint", "--", "--output", "json"}, none), OutputFormat::Text);
}

TEST(CommandError, FailureJsonHasOutcomeExitCodeAndError) {
  util::Error e = util::make_error(util::ErrorKind::InvalidInput, "missing service");
  auto doc = nlohmann::json::parse(failure_json("status", outcome_for(e.kind), e, "missing"));
  EXPECT_EQ(doc["command"], "status");
  EXPECT_EQ(doc["outcome"], "invalid-input");
  EXPECT_EQ(doc["exit_code"], 2);
  EXPECT_EQ(doc["error"]["message"], "missing service");
  auto unknown = nlohmann::json::parse(failure_json(
      "", engine::Outcome::Error, util::make_error(util::ErrorKind::Network, "x"), ""));
  EXPECT_TRUE(unknown["command"].is_null());
  EXPECT_EQ(unknown["exit_code"], 1);
}

}  // namespace
}  // namespace cli
