#pragma once
// Error: what went wrong, classified once where it is detected (contributing.md, principle 7).

#include <string>

namespace util {

enum class ErrorKind {
  InvalidInput,   // bad usage or invalid input (exit 2)
  Credentials,    // no or unusable credentials
  Network,        // connection refused/reset, DNS, TLS: transient
  Timeout,        // connect or read timeout: transient
  Throttling,     // AWS throttling codes or HTTP 429: transient
  ServerError,    // HTTP 5xx / ServerException: transient
  ClockSkew,      // RequestExpired, RequestTimeTooSkewed, "Signature expired"
  AccessDenied,   // AccessDenied*, signature, unrecognized client: never retried
  NotFound,       // the named resource does not exist
  ServiceError,   // any other modeled AWS error (ClientException, InvalidParameter...)
  ProtocolError,  // a response we could not parse
  Cancelled,      // interrupted by the user (SIGINT)
  Internal,       // a bug in ecsdeploy
};

const char* to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string code;        // AWS error code ("ClusterNotFoundException") or transport code
  std::string message;     // human text; never contains secrets
  int http_status = 0;     // 0 when no HTTP response was received
  std::string request_id;  // x-amzn-RequestId when known

  // "ClusterNotFoundException: Cluster not found. (HTTP 400, request id abc)"
  std::string describe() const;
};

Error make_error(ErrorKind kind, std::string message, std::string code = {});

}  // namespace util
