#pragma once
// GitHub Actions' files and workflow commands, in one place: the escaping of a command's
// message (data) and of its properties (title=, file=) differ, and every writer of
// $GITHUB_STEP_SUMMARY / $GITHUB_OUTPUT appends the same way.

#include <string>
#include <string_view>

namespace cli {

// A workflow command's message: outside text made printable (cli/outside_text, line feeds
// kept), then %, CR and LF escaped, as the runner decodes them.
std::string escape_workflow_data(std::string_view text);
// A workflow command's property value: also ':' and ',', which would end it.
std::string escape_workflow_property(std::string_view text);

// Appends `text` to the file at `path` (created when missing); false when that failed.
bool append_file(const std::string& path, const std::string& text);

}  // namespace cli
