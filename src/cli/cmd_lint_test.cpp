#include "cli/cmd_lint.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cli {
namespace {

using engine::Finding;
using engine::Severity;

LintReport report() {
  LintReport r;
  r.file = "deploy/task-def.json";
  r.file_text =
      "{\n  \"family\": \"web\",\n  \"environment\": [\n    {\"name\": \"DB_PASSWORD\"}\n";
  r.policy_file = "role.json";
  r.findings = {
      {Severity::Error, "passrole-any-role",
       "policy statement Pass allows iam:PassRole on any role", "limit it", "Pass",
       Finding::Source::Policy},
      {Severity::Warning, "secret-in-environment",
       "container 'app': environment variable DB_PASSWORD looks like a secret", "use secrets, 100%",
       "DB_PASSWORD"},
      {Severity::Notice, "circuit-breaker-no-rollback", "service 'web': no rollback", "set it",
       "web", Finding::Source::Service},
  };
  return r;
}

TEST(LintCommandTest, GitHubAnnotationsPointAtFileAndLine) {
  const std::string out = lint_github(report());
  EXPECT_EQ(out,
            "::error file=role.json,title=ecsdeploy lint%3A passrole-any-role::policy statement "
            "Pass allows iam:PassRole on any role. limit it\n"
            "::warning file=deploy/task-def.json,line=4,title=ecsdeploy lint%3A "
            "secret-in-environment::container 'app': environment variable DB_PASSWORD looks like "
            "a secret. use secrets, 100%25\n"
            "::notice title=ecsdeploy lint%3A circuit-breaker-no-rollback::service 'web': no "
            "rollback. set it\n");
}

TEST(LintCommandTest, AnnotationsCannotBeSplitByNewlines) {
  LintReport r;
  r.findings = {{Severity::Warning, "x", "line one\n::error::forged", "h", ""}};
  const std::string out = lint_github(r);
  EXPECT_EQ(out.find('\n'), out.size() - 1);
  EXPECT_NE(out.find("line one%0A::error::forged"), std::string::npos);
}

TEST(LintCommandTest, JsonCarriesCountsAndLocations) {
  auto j = nlohmann::json::parse(lint_json(report()));
  EXPECT_EQ(j["errors"], 1);
  EXPECT_EQ(j["warnings"], 1);
  EXPECT_EQ(j["notices"], 1);
  EXPECT_EQ(j["findings"][1]["code"], "secret-in-environment");
  EXPECT_EQ(j["findings"][1]["file"], "deploy/task-def.json");
  EXPECT_EQ(j["findings"][1]["line"], 4);
  EXPECT_EQ(j["findings"][0]["file"], "role.json");
  EXPECT_FALSE(j["findings"][0].contains("line"));
}

TEST(LintCommandTest, TextEndsWithASummary) {
  const std::string out = lint_text(report());
  EXPECT_NE(out.find("warning: container 'app': environment variable DB_PASSWORD looks like a "
                     "secret [secret-in-environment]\n  hint: use secrets, 100%\n"),
            std::string::npos);
  EXPECT_TRUE(out.ends_with("1 error(s), 1 warning(s), 1 notice(s)\n"));
}

TEST(LintCommandTest, ExitCodes) {
  struct Row {
    std::vector<Severity> severities;
    bool strict;
    int code;
  };
  const Row rows[] = {
      {{}, false, 0},
      {{}, true, 0},
      {{Severity::Notice}, true, 0},
      {{Severity::Warning}, false, 0},
      {{Severity::Warning}, true, 1},
      {{Severity::Error}, false, 1},
      {{Severity::Notice, Severity::Warning}, true, 1},
  };
  for (const auto& row : rows) {
    std::vector<Finding> findings;
    for (auto s : row.severities) {
      findings.push_back({s, "c", "m", "h", ""});
    }
    EXPECT_EQ(lint_exit_code(findings, row.strict), row.code);
  }
}

}  // namespace
}  // namespace cli
