#pragma once
// Builders for request members, the counterpart of json_read: an optional member that is not
// set is left out rather than sent empty, so the service applies its default. Services-internal.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace services::json_write {

using Json = nlohmann::ordered_json;

// ["a", "b", ...]
Json string_array(const std::vector<std::string>& items);
// input[key] = value, unless value is empty.
void put_nonempty(Json& input, const char* key, const std::string& value);
// input[key] = value, unless value is 0 or less (how our request structs say "server default").
void put_positive(Json& input, const char* key, int value);

}  // namespace services::json_write
