#pragma once
// Typed readers for request members. A member of the wrong JSON type is a
// SerializationException (what an AWS JSON 1.1 endpoint answers); a missing required member
// is an InvalidParameterException naming it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace emulator {

using Json = nlohmann::ordered_json;

// Serializes for the wire. Strings that did not come through the JSON parser (header values,
// paths, form parameters echoed in messages or stored in state) may hold invalid UTF-8, on
// which plain dump() throws; here such bytes become U+FFFD.
inline std::string dump_json(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::optional<std::string> opt_string(const Json& obj, const char* key);
std::string req_string(const Json& obj, const char* key);
std::optional<long long> opt_int(const Json& obj, const char* key);
std::optional<bool> opt_bool(const Json& obj, const char* key);
std::optional<double> opt_number(const Json& obj, const char* key);
// Array of strings; absent → empty.
std::vector<std::string> opt_string_list(const Json& obj, const char* key);
// Object or array member, returned as-is (null Json when absent).
const Json& opt_object(const Json& obj, const char* key);
const Json& opt_array(const Json& obj, const char* key);

// Pagination helpers: tokens are opaque to clients (base64 of an offset and a tag).
std::string make_next_token(const std::string& scope, std::size_t offset);
std::size_t parse_next_token(const std::optional<std::string>& token, const std::string& scope);
// One page of `sorted` (ascending, e.g. ARNs from a std::map) under `list_member`, with
// maxResults in [1, max] (default def). Its nextToken names the last key returned, so items
// added or removed between two calls (tasks launched during a rollout) neither repeat nor
// push others past the cursor, as with AWS's tokens.
Json sorted_page(const std::vector<std::string>& sorted, const Json& request,
                 const std::string& scope, std::size_t def, std::size_t max,
                 const char* list_member);
// The same for lists of anything: `sorted` holds each item's sort key, ascending in the
// order the items are returned; the page is items [begin, end).
struct PageRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::optional<std::string> next_token;
};
PageRange sorted_page_range(const std::vector<std::string>& sorted, const Json& request,
                            const std::string& scope, std::size_t def, std::size_t max);
// `member` (default maxResults) within [1, max], else InvalidParameterException; absent: def.
std::size_t page_size(const Json& obj, std::size_t def, std::size_t max,
                      const char* member = "maxResults");

}  // namespace emulator
