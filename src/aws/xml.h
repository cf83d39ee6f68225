#pragma once
// Minimal XML reading for the awsQuery protocol (STS). STS responses are small, flat and
// machine-generated, so element lookup by name is all we need; no XML library is pulled in.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aws::xml {

// Text of the first element named `tag` (namespace prefix ignored) inside `doc`, with the five
// predefined entities and numeric character references decoded. nullopt when absent.
std::optional<std::string> find_text(std::string_view doc, std::string_view tag);
// The raw inner XML of the first element named `tag`, for nested lookups.
std::optional<std::string_view> find_element(std::string_view doc, std::string_view tag);
// The offset of the first start tag that opens level max_depth + 1, or nullopt. Comments,
// declarations and empty elements (<a/>) do not nest. Linear; lookups stay linear too.
std::optional<size_t> too_deep(std::string_view doc, size_t max_depth);
std::string decode_entities(std::string_view text);
std::string escape(std::string_view text);

}  // namespace aws::xml
