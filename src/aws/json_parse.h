#pragma once
// Parsing JSON that arrives from outside (AWS answers, credential helpers, token caches)
// within util/input_limits.h: a document nested deeper than k_max_nesting_depth is refused
// before any DOM is built, since nlohmann's copies recurse once per level.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace aws::json_parse {

// Why `text` is refused before parsing ("nested deeper than 512 levels (at byte 9)"), or
// nullopt when it is within the limits.
std::optional<std::string> refusal(std::string_view text);

// nlohmann's non-throwing parse behind refusal(): a discarded value when the text is refused
// or not valid JSON.
nlohmann::json parse_or_discard(std::string_view text);

}  // namespace aws::json_parse
