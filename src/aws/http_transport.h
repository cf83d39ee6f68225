#pragma once
// HttpTransport: the one boundary between ecsdeploy and the network. Clients, credential
// sources and tests all speak through it; tests replace it with a scripted fake or point it
// at the emulator (contributing.md, principle 4). Sockets live only in socket_transport and
// net_stream.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace aws {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; nullopt when absent.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);
// Replaces (case-insensitively) or appends a header.
void set_header(Headers& headers, std::string name, std::string value);

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // absolute: scheme://host[:port]/path[?query]
  Headers headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{3100};
  std::chrono::milliseconds timeout{30000};  // whole request
  // Called while the request is in flight (at least about once a second, from the sending
  // thread), so a caller can say that a call is slow. Optional.
  std::function<void()> on_progress;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Sends one request; no retries here. A response with any HTTP status is a success of the
  // transport. Failures without a response are Errors of kind Network or Timeout, whose
  // code names the cause ("ConnectionRefused", "ConnectionReset", "Timeout", "DnsFailure",
  // "TlsError", "PartialResponse").
  virtual util::Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace aws
