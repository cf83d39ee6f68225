#include "cli/terminal.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

TEST(Terminal, Detection) {
  struct Row {
    bool tty;
    std::map<std::string, std::string> env;
    bool no_color_flag;
    ReporterStyle style;
    bool color;
  };
  const std::vector<Row> rows = {
      {true, {{"TERM", "xterm"}}, false, ReporterStyle::Tty, true},
      {true, {}, false, ReporterStyle::Tty, true},
      {true, {{"NO_COLOR", "1"}}, false, ReporterStyle::Tty, false},
      {true, {{"NO_COLOR", ""}}, false, ReporterStyle::Tty, true},  // empty = unset
      {true, {}, true, ReporterStyle::Tty, false},
      {true, {{"TERM", "dumb"}}, false, ReporterStyle::Plain, false},
      {true, {{"CI", "true"}}, false, ReporterStyle::Plain, false},
      {true, {{"CI", "false"}}, false, ReporterStyle::Tty, true},
      {false, {}, false, ReporterStyle::Plain, false},
      {false, {{"GITHUB_ACTIONS", "true"}, {"CI", "true"}}, false, ReporterStyle::GitHub, false},
      {true, {{"GITHUB_ACTIONS", "true"}}, false, ReporterStyle::GitHub, false},
      {false, {{"GITHUB_ACTIONS", "false"}}, false, ReporterStyle::Plain, false},
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& row = rows[i];
    util::MapEnv env(row.env);
    Terminal t = detect_terminal(row.tty, env, row.no_color_flag);
    EXPECT_EQ(t.style, row.style) << "row " << i;
    EXPECT_EQ(t.color, row.color) << "row " << i;
  }
}

}  // namespace
}  // namespace cli
