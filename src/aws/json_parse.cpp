#include "aws/json_parse.h"

#include "util/input_limits.h"

namespace aws::json_parse {

std::optional<std::string> refusal(std::string_view text) {
  if (auto at = util::json_too_deep(text)) {
    return "nested deeper than " + std::to_string(util::k_max_nesting_depth) + " levels (at byte " +
           std::to_string(*at) + ")";
  }
  return std::nullopt;
}

nlohmann::json parse_or_discard(std::string_view text) {
  if (refusal(text)) {
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

}  // namespace aws::json_parse
