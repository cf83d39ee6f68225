#include "aws/xml.h"

#include <cstdint>

namespace aws::xml {

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Finds "<tag" or "<prefix:tag" followed by '>' or whitespace or '/', from `from`.
// Returns the position of '<' and sets name_end to the position after the name.
size_t find_open(std::string_view doc, std::string_view tag, size_t from, size_t& name_end) {
  for (size_t pos = doc.find('<', from); pos != std::string_view::npos;
       pos = doc.find('<', pos + 1)) {
    size_t start = pos + 1;
    if (start >= doc.size() || doc[start] == '/' || doc[start] == '?' || doc[start] == '!') {
      continue;
    }
    size_t end = start;
    // '<' ends a name too: "<a<a<a..." must not rescan the rest of the document per '<'.
    while (end < doc.size() && doc[end] != '>' && doc[end] != '/' && doc[end] != ' ' &&
           doc[end] != '\t' && doc[end] != '\n' && doc[end] != '\r' && doc[end] != '<') {
      ++end;
    }
    std::string_view name = doc.substr(start, end - start);
    if (auto colon = name.find(':'); colon != std::string_view::npos) {
      name = name.substr(colon + 1);
    }
    if (name == tag) {
      name_end = end;
      return pos;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<size_t> too_deep(std::string_view doc, size_t max_depth) {
  size_t depth = 0;
  for (size_t pos = doc.find('<'); pos != std::string_view::npos; pos = doc.find('<', pos + 1)) {
    const char next = pos + 1 < doc.size() ? doc[pos + 1] : '\0';
    if (next == '/') {
      depth -= depth > 0 ? 1 : 0;
      continue;
    }
    if (next == '?' || next == '!') {
      continue;
    }
    size_t gt = doc.find_first_of("<>", pos + 1);
    if (gt != std::string_view::npos && doc[gt] == '>' && doc[gt - 1] == '/') {
      continue;  // <Empty/>
    }
    if (++depth > max_depth) {
      return pos;
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> find_element(std::string_view doc, std::string_view tag) {
  size_t name_end = 0;
  size_t open = find_open(doc, tag, 0, name_end);
  if (open == std::string_view::npos) {
    return std::nullopt;
  }
  size_t gt = doc.find('>', name_end);
  if (gt == std::string_view::npos) {
    return std::nullopt;
  }
  if (gt > 0 && doc[gt - 1] == '/') {
    return std::string_view{};  // <Tag/>
  }
  std::string_view full_name = doc.substr(open + 1, name_end - open - 1);
  std::string close = "</" + std::string(full_name) + ">";
  size_t end = doc.find(close, gt + 1);
  if (end == std::string_view::npos) {
    return std::nullopt;
  }
  return doc.substr(gt + 1, end - gt - 1);
}

std::optional<std::string> find_text(std::string_view doc, std::string_view tag) {
  auto inner = find_element(doc, tag);
  if (!inner) {
    return std::nullopt;
  }
  return decode_entities(*inner);
}

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    // Look for ';' within an entity's length only: "&&&&..." must stay linear.
    size_t semi = text.substr(i, 12).find(';');
    if (semi != std::string_view::npos) {
      semi += i;
    }
    if (semi == std::string_view::npos || semi - i > 10) {
      out += text[i];
      continue;
    }
    std::string_view ent = text.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out += '&';
    } else if (ent == "lt") {
      out += '<';
    } else if (ent == "gt") {
      out += '>';
    } else if (ent == "quot") {
      out += '"';
    } else if (ent == "apos") {
      out += '\'';
    } else if (!ent.empty() && ent[0] == '#') {
      uint32_t cp = 0;
      bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
      for (size_t k = hex ? 2 : 1; k < ent.size(); ++k) {
        char c = ent[k];
        int d = (c >= '0' && c <= '9')          ? c - '0'
                : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                : -1;
        if (d < 0) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        if (cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
      }
      append_utf8(out, cp);
    } else {
      out.append(text.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace aws::xml
