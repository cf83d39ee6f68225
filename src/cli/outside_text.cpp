#include "cli/outside_text.h"

#include <cstdint>

namespace cli {

namespace {

void hex_escape(std::string& out, const char* prefix, unsigned value, int digits) {
  static const char k_hex[] = "0123456789abcdef";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += k_hex[(value >> shift) & 0xF];
  }
}

// Length of the UTF-8 sequence starting at s[i] and its code point; 0 when it is not one
// (bad lead, truncated, overlong, surrogate or beyond U+10FFFF).
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len = b0 >= 0xF0 && b0 <= 0xF4 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 && b0 <= 0xDF ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    return 0;
  }
  cp = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

// C1 controls (NEL, CSI ...), LINE/PARAGRAPH SEPARATOR, and the bidirectional controls that
// make text read otherwise than it is stored (LRM/RLM, embeddings, overrides, isolates).
bool invisible_control(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string neutralise(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c == '\n' || c == '\r') && keep_newlines) {
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
        hex_escape(out, "\\x", c, 2);
      } else if (c == '#' && text.substr(i, 3) == "##[") {
        out += "#\\x23[";  // the runner's legacy command form, found anywhere in a line
        i += 3;
        continue;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t len = utf8_sequence(text, i, cp);
    if (len == 0) {
      hex_escape(out, "\\x", c, 2);
      ++i;
    } else if (invisible_control(cp)) {
      hex_escape(out, "\\u", cp, 4);
      i += len;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

bool alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void guard_command_start(std::string& line) {
  const size_t first = line.find_first_not_of(" \t");
  if (first != std::string::npos && line.compare(first, 2, "::") == 0) {
    line.replace(first, 1, "\\x3a");
  }
}

}  // namespace

std::string printable(std::string_view text) {
  return neutralise(text, false);
}

std::string printable_keep_newlines(std::string_view text) {
  return neutralise(text, true);
}

std::string printable_line(std::string_view line) {
  std::string out = printable(line);
  guard_command_start(out);
  return out;
}

std::string printable_lines(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    out += printable_line(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) {
      break;
    }
    out += '\n';
    start = end + 1;
  }
  return out;
}

namespace {

// The HTML entity for `c`, or nullptr: Markdown text and HTML text share the same three (and
// HTML attribute-safe text adds the double quote).
const char* html_entity(char c, bool quotes) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return quotes ? "&quot;" : nullptr;
    default:
      return nullptr;
  }
}

}  // namespace

std::string markdown_text(std::string_view text) {
  const std::string safe = printable(text);
  std::string out;
  for (size_t i = 0; i < safe.size(); ++i) {
    const char c = safe[i];
    // An underscore inside a word (IN_PROGRESS) never emphasises in GFM: left as it is.
    if (c == '_' && i > 0 && i + 1 < safe.size() && alnum(safe[i - 1]) && alnum(safe[i + 1])) {
      out += c;
      continue;
    }
    if (const char* entity = html_entity(c, /*quotes=*/false)) {
      out += entity;
      continue;
    }
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '~':
      case '#':
      case '|':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  if (text.empty()) {
    return "-";
  }
  // Inside a code span nothing is parsed but the closing backtick; in a table '|' still ends
  // the cell unless escaped (GFM splits cells first).
  std::string out = "`";
  for (char c : printable(text)) {
    if (c == '`') {
      out += '\'';
    } else if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out + "`";
}

std::string html_text(std::string_view text) {
  std::string out;
  for (char c : printable(text)) {
    if (const char* entity = html_entity(c, /*quotes=*/true)) {
      out += entity;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace cli
