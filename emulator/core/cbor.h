#pragma once
// The subset of CBOR (RFC 8949) that Smithy RPC v2 CBOR uses, to and from Json: integers,
// floats (half, single, double), text and byte strings, arrays and maps (definite or
// indefinite), booleans, null, and tag 1 (epoch-seconds timestamps, read as numbers).
#include <optional>
#include <set>
#include <string>

#include "core/json_access.h"

namespace emulator {

// nullopt on malformed, truncated, trailing or too deeply nested input (k_max_json_depth).
std::optional<Json> cbor_decode(const std::string& bytes);
// Members named in `timestamps` (numbers, epoch seconds) are written as tag 1.
std::string cbor_encode(const Json& value, const std::set<std::string>& timestamps = {});

}  // namespace emulator
