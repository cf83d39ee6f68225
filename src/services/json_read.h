#pragma once
// Non-throwing readers for response members: a missing or mistyped member reads as empty,
// because AWS omits absent members and the emulators may omit more. Services-internal.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/clock.h"
#include "util/result.h"

namespace services::json_read {

using Json = nlohmann::ordered_json;

std::string str(const Json& object, std::string_view key);
int integer(const Json& object, std::string_view key, int fallback = 0);
std::optional<int> opt_integer(const Json& object, std::string_view key);
std::optional<double> opt_number(const Json& object, std::string_view key);  // finite only
bool boolean(const Json& object, std::string_view key, bool fallback = false);
std::optional<util::SystemTime> time(const Json& object, std::string_view key);
// The member if it is an array/object, else an empty one (so range-for just works).
const Json& array(const Json& object, std::string_view key);
const Json& object(const Json& object, std::string_view key);
std::vector<std::string> strings(const Json& object, std::string_view key);

// A listing's items (ListTaskDefinitions' taskDefinitionArns, ...), where garbage must not read
// as an empty list: absent is empty only when the answer holds nothing but `nextToken`; a
// member that is not an array of strings, or an answer of unknown members only, is a
// ProtocolError naming the operation and the member.
util::Result<std::vector<std::string>> listing(const Json& answer, std::string_view key,
                                               std::string_view operation);

}  // namespace services::json_read
