#include "core/json_limits.h"

#include <string>

namespace emulator {

std::size_t json_depth(std::string_view text) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is, cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
      if (depth > deepest) {
        deepest = depth;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

BoundedJson parse_json_bounded(std::string_view text, std::size_t max_depth) {
  BoundedJson out;
  if (json_depth(text) > max_depth) {
    out.status = JsonParse::TooDeep;
    out.value = Json(Json::value_t::discarded);
    return out;
  }
  out.value = Json::parse(text.begin(), text.end(), nullptr, false);
  out.status = out.value.is_discarded() ? JsonParse::Malformed : JsonParse::Ok;
  return out;
}

std::string too_deep_message() {
  return "nests deeper than " + std::to_string(k_max_json_depth) + " levels";
}

}  // namespace emulator
