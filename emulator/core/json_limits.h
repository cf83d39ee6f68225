#pragma once
// Bounded JSON parsing for text from outside (request bodies, scenario files, token claims).
// nlohmann-json builds, copies, dumps and destroys nested values recursively, so a body of a few
// hundred KB nesting 100,000 levels deep overflows the stack. json_depth() is a cheap pre-scan
// (brackets outside strings, escapes respected) that runs before any DOM is built.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/json_access.h"

namespace emulator {

// Deepest nesting accepted anywhere (docs/emulator.md, "Limits and abuse"); a scalar is 0, {} 1.
constexpr std::size_t k_max_json_depth = 512;

// Nesting depth of `text` as if it were valid JSON (unbalanced input still gets a number).
std::size_t json_depth(std::string_view text);

enum class JsonParse { Ok, Malformed, TooDeep };
struct BoundedJson {
  JsonParse status = JsonParse::Malformed;
  Json value;  // discarded unless status is Ok
};
// Refuses text nesting deeper than max_depth without building it, then parses (no exceptions).
BoundedJson parse_json_bounded(std::string_view text, std::size_t max_depth = k_max_json_depth);
// "nests deeper than 512 levels", for error messages.
std::string too_deep_message();

}  // namespace emulator
