#include "aws/query_protocol.h"

#include "aws/aws_error.h"
#include "aws/json_protocol.h"
#include "aws/xml.h"
#include "util/input_limits.h"
#include "util/strings.h"

namespace aws::query_protocol {

HttpRequest build_request(std::string_view endpoint, std::string_view action, const Params& params,
                          std::string_view version) {
  Params all;
  all.reserve(params.size() + 2);
  all.emplace_back("Action", std::string(action));
  all.emplace_back("Version", std::string(version));
  all.insert(all.end(), params.begin(), params.end());

  HttpRequest request;
  request.method = "POST";
  request.url = json_protocol::request_url(endpoint);
  set_header(request.headers, "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  request.body = util::form_url_encode(all);
  return request;
}

util::Result<std::string> parse_response(const HttpResponse& response, std::string_view action) {
  if (!util::trim(response.body).starts_with('<')) {
    util::Error error =
        util::make_error(util::ErrorKind::ProtocolError,
                         std::string(action) + ": the response is not XML" +
                             (response.body.empty() ? std::string(" (empty body)") : std::string()),
                         "InvalidResponse");
    error.http_status = response.status;
    error.request_id = response_request_id(response);
    return error;
  }
  if (auto at = xml::too_deep(response.body, util::k_max_nesting_depth)) {
    util::Error error =
        util::make_error(util::ErrorKind::ProtocolError,
                         std::string(action) + ": the response is nested deeper than " +
                             std::to_string(util::k_max_nesting_depth) + " levels (at byte " +
                             std::to_string(*at) + ")",
                         "InvalidResponse");
    error.http_status = response.status;
    error.request_id = response_request_id(response);
    return error;
  }
  return response.body;
}

}  // namespace aws::query_protocol
