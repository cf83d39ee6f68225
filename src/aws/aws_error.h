#pragma once
// Turning AWS error responses into classified util::Errors (contributing.md, principle 7: classify
// once). Handles the awsJson1_1 body ({"__type", "message"}), the awsQuery XML ErrorResponse and
// the X-Amzn-ErrorType header, as described in ecs-api-digest.md section 1.

#include <string>
#include <string_view>

#include "aws/http_transport.h"
#include "util/error.h"

namespace aws {

// "com.amazonaws.ecs#ClusterNotFoundException:http://..." -> "ClusterNotFoundException".
std::string normalize_error_code(std::string_view raw);

// The request id of a response: x-amzn-RequestId, x-amz-request-id, or the XML RequestId.
std::string response_request_id(const HttpResponse& response);

// The kind of an AWS error from its code, HTTP status and message (the message only matters
// for "Signature expired", which is clock skew rather than a bad signature).
util::ErrorKind classify_aws_error(std::string_view code, int http_status,
                                   std::string_view message);

// A non-2xx response as an Error: code, message, status and request id filled in and the
// kind classified. JSON and XML bodies are both recognised whatever the protocol, because
// proxies and load balancers answer in their own format; an unparseable body falls back to
// the status.
util::Error parse_error_response(const HttpResponse& response);

}  // namespace aws
