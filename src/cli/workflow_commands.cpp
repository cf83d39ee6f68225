#include "cli/workflow_commands.h"

#include <cstdio>

#include "cli/outside_text.h"

namespace cli {

std::string escape_workflow_data(std::string_view text) {
  std::string out;
  for (char c : printable_keep_newlines(text)) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_workflow_property(std::string_view text) {
  std::string out;
  for (char c : escape_workflow_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

bool append_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) {
    return false;
  }
  bool ok = std::fputs(text.c_str(), f) >= 0;
  return std::fclose(f) == 0 && ok;
}

}  // namespace cli
