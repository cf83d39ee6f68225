#pragma once
// Text ecsdeploy did not write (AWS answers: stopped reasons, events, error messages, tags;
// application log lines; file contents) made safe to show, in one place (issue 13 item 3).
// Nothing from outside may move the cursor, recolour or clear a terminal, overwrite a line
// (CR), start a line of its own, or be read by GitHub's runner as a workflow command: `::` at
// the start of a line, or the legacy `##[command]` form, which the runner finds anywhere in a
// line. Reporters apply these where text leaves the process; JSON output is exempt (the JSON
// library escapes control characters itself, and the value must stay the original text).

#include <string>
#include <string_view>

namespace cli {

// Every control character (C0 but TAB, DEL, C1), LINE/PARAGRAPH SEPARATOR, bidirectional
// overrides and every byte that is not UTF-8 shown as an escape: "\n", "\r", "\x1b",
// "\u009b"; "##[" becomes "#\x23[". Other text, UTF-8 included, is unchanged.
std::string printable(std::string_view text);
// As printable(), but CR and LF are kept: for a workflow command's message, whose line breaks
// escape_workflow_data encodes (%0D, %0A) so they stay inside the message.
std::string printable_keep_newlines(std::string_view text);

// One output line: printable(), and when the line would start (after blanks) with "::" its
// first ':' is shown as "\x3a".
std::string printable_line(std::string_view line);
// Text of several lines (a report): each line as printable_line(), line feeds kept.
std::string printable_lines(std::string_view text);

// The step summary is GitHub-flavoured Markdown with HTML allowed. A table cell or a line of
// prose: printable(), then HTML's & < > as entities and Markdown's punctuation (\ ` * _ [ ]
// ~ # |, '_' but inside a word) backslash-escaped, so outside text can neither format, link
// nor end the cell.
std::string markdown_text(std::string_view text);
// A code span in a table cell ("-" when empty): backticks cannot end it and '|' cannot end
// the cell.
std::string markdown_code(std::string_view text);
// Inside an HTML element of the summary (<summary>): printable(), & < > " as entities.
std::string html_text(std::string_view text);

}  // namespace cli
