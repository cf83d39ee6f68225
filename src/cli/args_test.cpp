#include "cli/args.h"

#include <gtest/gtest.h>

#include "cli/common_options.h"
#include "cli/global_options.h"

namespace cli {
namespace {

constexpr OptionSpec k_deploy_like[] = {opt::cluster, opt::image_tag, opt::wait, opt::dry_run};

util::Result<ParsedArgs> parse(std::vector<std::string> args) {
  return parse_argv(args, global_option_table(), [](std::string_view name) {
    return name == "deploy" ? std::optional<OptionTable>(k_deploy_like) : std::nullopt;
  });
}

TEST(ParseArgv, AcceptsForms) {
  struct Row {
    std::vector<std::string> args;
    std::string command;
    std::map<std::string, std::string> values;
    int verbosity;
  };
  const std::vector<Row> rows = {
      {{}, "", {}, 0},
      {{"--version"}, "", {{"version", "true"}}, 0},
      {{"deploy", "--cluster", "stg"}, "deploy", {{"cluster", "stg"}}, 0},
      {{"deploy", "--cluster=stg"}, "deploy", {{"cluster", "stg"}}, 0},
      {{"--region", "eu-west-1", "deploy"}, "deploy", {{"region", "eu-west-1"}}, 0},
      {{"deploy", "--region=eu-west-1"}, "deploy", {{"region", "eu-west-1"}}, 0},
      {{"deploy", "--no-wait"}, "deploy", {{"wait", "false"}}, 0},
      {{"deploy", "--wait"}, "deploy", {{"wait", "true"}}, 0},
      {{"deploy", "--dry-run", "-v"}, "deploy", {{"dry-run", "true"}, {"verbose", "true"}}, 1},
      {{"-vv", "deploy"}, "deploy", {{"verbose", "true"}}, 2},
      {{"deploy", "-h"}, "deploy", {{"help", "true"}}, 0},
      {{"deploy", "--cluster", "a", "--cluster", "b"}, "deploy", {{"cluster", "b"}}, 0},
      {{"deploy", "--image-tag", "--weird"}, "deploy", {{"image-tag", "--weird"}}, 0},
      {{"deploy", "--cluster="}, "deploy", {{"cluster", ""}}, 0},
      {{"deploy", "--"}, "deploy", {}, 0},
  };
  for (const Row& row : rows) {
    auto r = parse(row.args);
    ASSERT_TRUE(r.ok()) << testing::PrintToString(row.args) << ": " << r.error().message;
    EXPECT_EQ(r->command, row.command) << testing::PrintToString(row.args);
    EXPECT_EQ(r->values, row.values) << testing::PrintToString(row.args);
    EXPECT_EQ(r->verbosity, row.verbosity) << testing::PrintToString(row.args);
  }
}

TEST(ParseArgv, RejectsWithOneLine) {
  struct Row {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Row> rows = {
      {{"--bogus"}, "unknown option '--bogus'"},
      {{"deploy", "--bogus"}, "unknown option '--bogus' for 'ecsdeploy deploy'"},
      {{"deploy", "-x"}, "unknown option '-x' for 'ecsdeploy deploy'"},
      {{"--cluster", "stg", "deploy"}, "unknown option '--cluster' (command options go after"},
      {{"depoly"}, "unknown command 'depoly'"},
      {{"deploy", "extra"}, "unexpected argument 'extra'"},
      {{"deploy", "--cluster"}, "option '--cluster' needs a value (NAME)"},
      {{"--region"}, "option '--region' needs a value"},
      {{"deploy", "--dry-run=yes"}, "option '--dry-run' takes no value"},
      {{"deploy", "--no-cluster"}, "unknown option '--no-cluster'"},
      {{"deploy", "--no-dry-run-x"}, "unknown option"},
      {{"deploy", "--", "x"}, "unexpected argument 'x'"},
  };
  for (const Row& row : rows) {
    auto r = parse(row.args);
    ASSERT_FALSE(r.ok()) << testing::PrintToString(row.args);
    EXPECT_EQ(r.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(r.error().message.find(row.message), std::string::npos)
        << r.error().message << " vs " << row.message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace cli
