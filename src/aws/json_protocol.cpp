#include "aws/json_protocol.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "aws/aws_error.h"
#include "aws/json_parse.h"
#include "util/input_limits.h"
#include "util/strings.h"

namespace aws::json_protocol {

std::string request_url(std::string_view endpoint) {
  std::string url(endpoint);
  while (!url.empty() && url.back() == '/') {
    url.pop_back();
  }
  url += '/';
  return url;
}

HttpRequest build_request(std::string_view endpoint, std::string_view target_prefix,
                          std::string_view operation, const nlohmann::ordered_json& input) {
  HttpRequest request;
  request.method = "POST";
  request.url = request_url(endpoint);
  set_header(request.headers, "Content-Type", "application/x-amz-json-1.1");
  set_header(request.headers, "X-Amz-Target",
             std::string(target_prefix) + "." + std::string(operation));
  if (input.is_null() || (input.is_object() && input.empty())) {
    request.body = "{}";
  } else {
    // Invalid UTF-8 in a string is replaced rather than thrown: inputs come from users'
    // files and must never take the process down.
    request.body = input.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  }
  return request;
}

util::Result<nlohmann::ordered_json> parse_response(const HttpResponse& response,
                                                    std::string_view operation) {
  if (util::trim(response.body).empty()) {
    return nlohmann::ordered_json::object();
  }
  auto malformed = [&](const std::string& what) {
    util::Error error =
        util::make_error(util::ErrorKind::ProtocolError,
                         std::string(operation) + ": the response " + what, "InvalidResponse");
    error.http_status = response.status;
    error.request_id = response_request_id(response);
    return error;
  };
  if (auto refused = json_parse::refusal(response.body)) {
    return malformed("is " + *refused);
  }
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(response.body);
  } catch (const nlohmann::ordered_json::exception& e) {
    // e.what() quotes the last token read, which may be megabytes long.
    return malformed("is not valid JSON (" + util::truncate_for_display(e.what(), 200) + ")");
  }
  if (!doc.is_object()) {
    return malformed("is JSON but not an object");
  }
  return doc;
}

std::optional<util::SystemTime> epoch_seconds(const nlohmann::ordered_json& value) {
  double seconds = 0;
  if (value.is_number()) {
    seconds = value.get<double>();
  } else if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text.empty()) {
      return std::nullopt;
    }
    char* end = nullptr;
    seconds = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  // SystemTime counts nanoseconds in 64 bits, up to +-9.22e9 s (years 1678..2262): beyond
  // that the conversion overflows (found by fuzz/aws_json). AWS sends nothing near it.
  if (!std::isfinite(seconds) || std::fabs(seconds) > 9e9) {
    return std::nullopt;
  }
  auto ms = static_cast<long long>(std::llround(seconds * 1000.0));
  return util::SystemTime{std::chrono::milliseconds{ms}};
}

}  // namespace aws::json_protocol
