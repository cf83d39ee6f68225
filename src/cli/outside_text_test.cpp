#include "cli/outside_text.h"

#include <gtest/gtest.h>

#include "cli/json_output.h"
#include "cli/reporters/github_reporter.h"
#include "cli/workflow_commands.h"

namespace cli {
namespace {

TEST(OutsideText, ControlCharactersAreShownNotObeyed) {
  struct Row {
    std::string in;
    std::string out;
  };
  const Row rows[] = {
      {"plain text: web:3, 50% (ok)", "plain text: web:3, 50% (ok)"},
      {"red \x1b[31mtext\x1b[0m", "red \\x1b[31mtext\\x1b[0m"},
      {"bell\a and NUL" + std::string(1, '\0'), "bell\\x07 and NUL\\x00"},
      {"over\rwrite", "over\\rwrite"},
      {"two\nlines", "two\\nlines"},
      {"tab\tkept", "tab\tkept"},
      {"del\x7f", "del\\x7f"},
      {"C1 CSI \xc2\x9b"
       "2J, NEL \xc2\x85",
       "C1 CSI \\u009b2J, NEL \\u0085"},
      {"bidi \xe2\x80\xae"
       "cba",
       "bidi \\u202ecba"},
      {"line sep \xe2\x80\xa8", "line sep \\u2028"},
      {"UTF-8 kept: \xe2\x9c\x93 \xc3\xa9 \xf0\x9f\x9a\x80",
       "UTF-8 kept: \xe2\x9c\x93 \xc3\xa9 \xf0\x9f\x9a\x80"},
      {"bad UTF-8 \xff\xc3", "bad UTF-8 \\xff\\xc3"},
      {"overlong \xc0\xaf", "overlong \\xc0\\xaf"},
      {"legacy x ##[set-output name=outcome;]succeeded",
       "legacy x #\\x23[set-output name=outcome;]succeeded"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(printable(r.in), r.out) << r.in;
  }
  EXPECT_EQ(printable_keep_newlines("a\nb\r\x1b"), "a\nb\r\\x1b");
}

TEST(OutsideText, ALineNeverStartsAWorkflowCommand) {
  EXPECT_EQ(printable_line("::error::pwned"), "\\x3a:error::pwned");
  EXPECT_EQ(printable_line("   ::add-mask::x"), "   \\x3a:add-mask::x");
  EXPECT_EQ(printable_line("event: ::error::x"), "event: ::error::x");  // not at the start
  EXPECT_EQ(printable_lines("one\n::stop-commands::t\n  ::error::x\n"),
            "one\n\\x3a:stop-commands::t\n  \\x3a:error::x\n");
  EXPECT_EQ(printable_lines("no newline at the end"), "no newline at the end");
}

TEST(OutsideText, MarkdownAndHtmlCannotBeInjectedIntoTheSummary) {
  EXPECT_EQ(markdown_text("a|b <img src=x> **bold** [link](http://x) _i_ `c` & #h ~s~ \\"),
            "a\\|b &lt;img src=x&gt; \\*\\*bold\\*\\* \\[link\\](http://x) \\_i\\_ \\`c\\` &amp; "
            "\\#h \\~s\\~ \\\\");
  EXPECT_EQ(markdown_text("x\n| forged | row |"), "x\\\\n\\| forged \\| row \\|");
  EXPECT_EQ(markdown_code("web:3"), "`web:3`");
  EXPECT_EQ(markdown_code(""), "-");
  EXPECT_EQ(markdown_code("a`b|c\x1b"), "`a'b\\|c\\x1b`");
  EXPECT_EQ(html_text("</summary><script>\"x\" & y"),
            "&lt;/summary&gt;&lt;script&gt;&quot;x&quot; &amp; y");
}

TEST(OutsideText, WorkflowCommandDataIsPrintableAndEncoded) {
  EXPECT_EQ(escape_workflow_data("reason\x1b[2J\r\n::error::x"), "reason\\x1b[2J%0D%0A::error::x");
  // One annotation line, whatever the stopped reason and the log line carry.
  engine::StoppedTaskEvidence e;
  e.task_definition_arn = "arn:aws:ecs:us-east-1:1:task-definition/web:3";
  e.stop_code = "EssentialContainerExited";
  e.stopped_reason = "exited\r\n::error title=x::forged\x1b]0;title\x07";
  e.log_tail = {"Error: \x1b[31mboom\n::warning::forged"};
  const std::string a = evidence_annotation(e);
  EXPECT_EQ(a.find('\n'), std::string::npos) << a;
  EXPECT_EQ(a.find('\r'), std::string::npos) << a;
  EXPECT_EQ(a.find('\x1b'), std::string::npos) << a;
  EXPECT_EQ(a.find('\x07'), std::string::npos) << a;
}

TEST(OutsideText, OutputValuesStayOneLineAndDelimitersCannotBeForged) {
  int n = 0;
  auto delimiter = [&] { return "ghadelimiter_" + std::to_string(n++); };
  // A value carrying the first delimiter it would get: the next one is used.
  const std::string text =
      github_output_lines({{"image", "x\nghadelimiter_0\noutcome=succeeded"}}, delimiter);
  EXPECT_EQ(text, "image<<ghadelimiter_1\nx\nghadelimiter_0\noutcome=succeeded\nghadelimiter_1\n");
}

TEST(JsonDocument, OutsideTextIsEscapedAndReadsBackIntact) {
  const std::string hostile =
      "a\x1b[2J\r\n\xc2\x9b \xe2\x80\xae ##[set-output name=x;]y \xe2\x9c\x93";
  const std::string doc = json_document(nlohmann::ordered_json{{"reason", hostile}});
  EXPECT_EQ(doc, R"({"reason":"a\u001b[2J\r\n\u009b \u202e #\u0023[set-output name=x;]y \u2713"})");
  EXPECT_EQ(nlohmann::ordered_json::parse(doc)["reason"], hostile);
}

}  // namespace
}  // namespace cli
