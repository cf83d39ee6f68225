#include "aws/aws_error.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "aws/json_parse.h"
#include "aws/xml.h"
#include "util/input_limits.h"
#include "util/strings.h"

namespace aws {

namespace {

using util::ErrorKind;

// Throttling codes from the AWS SDKs' standard retry mode (digest section 6).
constexpr std::array<std::string_view, 15> k_throttling_codes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "ThrottlingError",
};

// Server-side faults that are worth retrying. IDPCommunicationError is STS failing to reach
// the identity provider (web identity), which the SDKs also retry.
constexpr std::array<std::string_view, 11> k_transient_codes = {
    "ServerException",       "ServiceUnavailable",      "ServiceUnavailableException",
    "InternalFailure",       "InternalServerException", "InternalServerError",
    "InternalError",         "RequestTimeout",          "RequestTimeoutException",
    "IDPCommunicationError", "ServiceFailure",
};

// Codes that always mean clock skew.
constexpr std::array<std::string_view, 3> k_skew_codes = {
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
};

// Codes meaning the caller is not allowed or not authenticated. AccessDenied* is matched by
// prefix. Never retried.
constexpr std::array<std::string_view, 12> k_denied_codes = {
    "UnrecognizedClientException",
    "UnrecognizedClient",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "IncompleteSignatureException",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "MissingAuthenticationToken",
    "UnauthorizedOperation",
    "AuthFailure",
};

template <size_t N>
bool contains(const std::array<std::string_view, N>& table, std::string_view code) {
  return std::find(table.begin(), table.end(), code) != table.end();
}

struct ErrorFields {
  std::string code;
  std::string message;
  std::string request_id;
};

// {"__type": "...", "message": "..."}; false when the body is not a JSON object.
bool read_json_error(std::string_view body, ErrorFields& out) {
  nlohmann::json doc = json_parse::parse_or_discard(body);
  if (!doc.is_object()) {
    return false;
  }
  auto text = [&](const char* key) -> std::string {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.code = text("__type");
  if (out.code.empty()) {
    out.code = text("code");
  }
  if (out.code.empty()) {
    out.code = text("Code");
  }
  out.message = text("message");
  if (out.message.empty()) {
    out.message = text("Message");
  }
  if (out.message.empty()) {
    out.message = text("errorMessage");
  }
  return true;
}

// <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>, and the bare
// <Error> root some services use.
bool read_xml_error(std::string_view body, ErrorFields& out) {
  auto error = xml::find_element(body, "Error");
  if (!error) {
    return false;
  }
  out.code = xml::find_text(*error, "Code").value_or("");
  out.message = xml::find_text(*error, "Message").value_or("");
  out.request_id = xml::find_text(body, "RequestId").value_or("");
  return true;
}

// A short, single-line excerpt of an unrecognised body (e.g. a proxy's HTML page).
std::string excerpt(std::string_view body) {
  constexpr size_t k_max = 160;
  std::string out;
  bool space = false;
  for (char c : util::trim(body)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) {
      out += ' ';
    }
    space = false;
    if (out.size() >= k_max) {
      out += "...";
      break;
    }
    out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  return out;
}

}  // namespace

std::string normalize_error_code(std::string_view raw) {
  std::string_view code = util::trim(raw);
  if (auto cut = code.find_first_of(",:"); cut != std::string_view::npos) {
    code = code.substr(0, cut);
  }
  if (auto hash = code.rfind('#'); hash != std::string_view::npos) {
    code = code.substr(hash + 1);
  }
  return std::string(util::trim(code));
}

std::string response_request_id(const HttpResponse& response) {
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id"}) {
    if (auto id = find_header(response.headers, name); id && !id->empty()) {
      return *id;
    }
  }
  if (util::trim(response.body).starts_with('<')) {
    return xml::find_text(response.body, "RequestId").value_or("");
  }
  return {};
}

ErrorKind classify_aws_error(std::string_view code, int http_status, std::string_view message) {
  if (contains(k_throttling_codes, code) || http_status == 429) {
    return ErrorKind::Throttling;
  }
  if (contains(k_skew_codes, code)) {
    return ErrorKind::ClockSkew;
  }
  if ((code == "InvalidSignatureException" || code == "SignatureDoesNotMatch") &&
      message.find("Signature expired") != std::string_view::npos) {
    return ErrorKind::ClockSkew;
  }
  if (contains(k_transient_codes, code)) {
    return ErrorKind::ServerError;
  }
  if (code.starts_with("AccessDenied") || contains(k_denied_codes, code)) {
    return ErrorKind::AccessDenied;
  }
  if (code.find("NotFound") != std::string_view::npos || code.starts_with("NoSuch")) {
    return ErrorKind::NotFound;
  }
  if (!code.empty()) {
    // A modeled error we do not treat specially (ClientException, InvalidParameter...).
    // The status only decides for 5xx, which the SDKs retry whatever the code.
    return http_status >= 500 && http_status != 501 ? ErrorKind::ServerError
                                                    : ErrorKind::ServiceError;
  }
  switch (http_status) {
    case 500:
    case 502:
    case 503:
    case 504:
      return ErrorKind::ServerError;
    case 401:
    case 403:
      return ErrorKind::AccessDenied;
    case 404:
      return ErrorKind::NotFound;
    default:
      return ErrorKind::ServiceError;
  }
}

util::Error parse_error_response(const HttpResponse& response) {
  ErrorFields fields;
  std::string_view body = util::trim(response.body);
  bool parsed = false;
  if (body.starts_with('{')) {
    parsed = read_json_error(body, fields);
  } else if (body.starts_with('<')) {
    parsed = read_xml_error(body, fields);
  }
  if (fields.code.empty()) {
    fields.code = find_header(response.headers, "X-Amzn-ErrorType").value_or("");
  }

  util::Error error;
  error.code = normalize_error_code(fields.code);
  error.http_status = response.status;
  error.request_id = response_request_id(response);
  if (error.request_id.empty()) {
    error.request_id = fields.request_id;
  }
  error.message = fields.message;
  if (error.message.empty()) {
    error.message = "HTTP " + std::to_string(response.status) + " response";
    if (!parsed && !body.empty()) {
      error.message += ": " + excerpt(body);
    } else if (error.code.empty()) {
      error.message += " without an error code";
    }
  }
  error.kind = classify_aws_error(error.code, response.status, error.message);
  // Cut only after classifying ("Signature expired" may sit anywhere): every output path
  // shows these, and a server can send megabytes.
  error.message = util::truncate_for_display(error.message);
  error.code = util::truncate_for_display(error.code, 128);
  error.request_id = util::truncate_for_display(error.request_id, 128);
  return error;
}

}  // namespace aws
