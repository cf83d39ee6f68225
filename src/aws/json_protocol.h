#pragma once
// The awsJson1_1 protocol (ECS, ECR, CloudWatch Logs): building the POST request and reading
// the response body. nlohmann::ordered_json keeps member order and unknown members, so a
// described task definition can be re-registered without losing fields. JSON exceptions are
// caught here and become ProtocolErrors (contributing.md, principle 6).

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aws/http_transport.h"
#include "util/clock.h"
#include "util/result.h"

namespace aws::json_protocol {

// The request URL for a base endpoint URL ("https://ecs.us-east-1.amazonaws.com" or an
// override with a base path): base + "/".
std::string request_url(std::string_view endpoint);

// POST <endpoint>/ with Content-Type application/x-amz-json-1.1, X-Amz-Target
// "<target_prefix>.<operation>" and the input as the body ("{}" for a null or empty input).
// Unsigned: the caller signs it.
HttpRequest build_request(std::string_view endpoint, std::string_view target_prefix,
                          std::string_view operation, const nlohmann::ordered_json& input);

// The JSON body of a 2xx response; an empty body reads as {}. A body that is not a JSON
// object is a ProtocolError naming the operation.
util::Result<nlohmann::ordered_json> parse_response(const HttpResponse& response,
                                                    std::string_view operation);

// An AWS timestamp member (epoch seconds as a JSON number, possibly fractional or in
// exponent form such as 1.69598486678E9; a numeric string is accepted too), to millisecond
// precision. nullopt when the member is not a number.
std::optional<util::SystemTime> epoch_seconds(const nlohmann::ordered_json& value);

}  // namespace aws::json_protocol
