#pragma once
// The awsQuery protocol (STS): a form-encoded POST whose response is XML. Responses are
// read with aws/xml.h by the service clients; errors go through aws/aws_error.h.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/http_transport.h"
#include "util/result.h"

namespace aws::query_protocol {

inline constexpr std::string_view k_sts_version = "2011-06-15";

using Params = std::vector<std::pair<std::string, std::string>>;

// POST <endpoint>/ with Content-Type application/x-www-form-urlencoded; charset=utf-8 and
// the body "Action=<action>&Version=<version>&<params in order>", all values URI-encoded.
// Unsigned: the caller signs it (or not, for AssumeRoleWithWebIdentity).
HttpRequest build_request(std::string_view endpoint, std::string_view action, const Params& params,
                          std::string_view version = k_sts_version);

// The XML body of a 2xx response. A body that is not XML (a proxy's page, an empty body) is
// a ProtocolError naming the action.
util::Result<std::string> parse_response(const HttpResponse& response, std::string_view action);

}  // namespace aws::query_protocol
