#include "util/error.h"

namespace util {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput:
      return "invalid input";
    case ErrorKind::Credentials:
      return "credentials";
    case ErrorKind::Network:
      return "network";
    case ErrorKind::Timeout:
      return "timeout";
    case ErrorKind::Throttling:
      return "throttling";
    case ErrorKind::ServerError:
      return "server error";
    case ErrorKind::ClockSkew:
      return "clock skew";
    case ErrorKind::AccessDenied:
      return "access denied";
    case ErrorKind::NotFound:
      return "not found";
    case ErrorKind::ServiceError:
      return "service error";
    case ErrorKind::ProtocolError:
      return "protocol error";
    case ErrorKind::Cancelled:
      return "cancelled";
    case ErrorKind::Internal:
      return "internal error";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string out;
  if (!code.empty()) {
    out += code;
    out += ": ";
  }
  out += message;
  if (http_status != 0 || !request_id.empty()) {
    out += " (";
    if (http_status != 0) {
      out += "HTTP " + std::to_string(http_status);
    }
    if (!request_id.empty()) {
      out += http_status != 0 ? ", request id " : "request id ";
      out += request_id;
    }
    out += ")";
  }
  return out;
}

Error make_error(ErrorKind kind, std::string message, std::string code) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  e.code = std::move(code);
  return e;
}

}  // namespace util
