#include "cli/global_options.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

util::Result<GlobalOptions> parse(std::vector<std::string> args,
                                  std::map<std::string, std::string> env = {}) {
  auto parsed = parse_argv(args, global_option_table(),
                           [](std::string_view) { return std::optional<OptionTable>{}; });
  if (!parsed) {
    return parsed.take_error();
  }
  util::MapEnv e(std::move(env));
  return global_options_from(*parsed, e);
}

TEST(GlobalOptions, Accepts) {
  auto g =
      parse({"--region", "eu-west-1", "--profile", "dev", "--endpoint-url", "http://127.0.0.1:4566",
             "--output", "json", "--no-color", "-v", "--config", "x.yml", "--target", "web"});
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->session.region, "eu-west-1");
  EXPECT_EQ(g->session.profile, "dev");
  EXPECT_EQ(g->session.endpoint_url, "http://127.0.0.1:4566");
  EXPECT_EQ(g->output, OutputFormat::Json);
  EXPECT_TRUE(g->no_color);
  EXPECT_EQ(g->verbosity, 1);
  EXPECT_EQ(g->config_path, "x.yml");
  EXPECT_EQ(g->target, "web");

  auto d = parse({});
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d->session.region.has_value());
  EXPECT_EQ(d->output, OutputFormat::Text);
  auto env = parse({}, {{"ECSDEPLOY_OUTPUT", "json"}, {"ECSDEPLOY_TARGET", "api"}});
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(env->output, OutputFormat::Json);
  EXPECT_EQ(env->target, "api");
}

TEST(GlobalOptions, RejectsBadValues) {
  struct Row {
    std::vector<std::string> args;
    std::map<std::string, std::string> env;
    std::string message;
  };
  const std::vector<Row> rows = {
      {{"--region", ""}, {}, "empty region (from --region)"},
      {{"--region="}, {}, "empty region (from --region)"},
      {{"--region", "moon base"}, {}, "invalid region 'moon base'"},
      {{"--endpoint-url", "not a url"},
       {},
       "invalid endpoint URL 'not a url' (from --endpoint-url)"},
      {{"--endpoint-url", "localhost:4566"}, {}, "invalid endpoint URL"},
      {{"--output", "yaml"},
       {},
       "invalid output format 'yaml' (from --output): expected text or json"},
      {{}, {{"ECSDEPLOY_OUTPUT", "xml"}}, "(from ECSDEPLOY_OUTPUT)"},
      {{"--profile", ""}, {}, "empty profile name"},
  };
  for (const Row& row : rows) {
    auto g = parse(row.args, row.env);
    ASSERT_FALSE(g.ok()) << testing::PrintToString(row.args);
    EXPECT_EQ(g.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(g.error().message.find(row.message), std::string::npos) << g.error().message;
  }
}

}  // namespace
}  // namespace cli
