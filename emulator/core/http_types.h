#pragma once
// Transport-neutral request/response, so the whole emulator (auth, faults, actions) can be
// driven in tests without sockets; the httplib server only converts to and from these.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace emulator {

struct HttpRequest {
  std::string method = "POST";
  std::string path = "/";  // raw path, without the query
  std::string query;       // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_addr = "127.0.0.1";

  // First value of a header, case-insensitive; "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// How the server must (mis)deliver the response: faults can cut the connection.
enum class Delivery { Normal, ResetConnection, Truncate };

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/x-amz-json-1.1";
  std::string body;
  Delivery delivery = Delivery::Normal;
  int delay_ms = 0;  // added latency, applied by the server outside the state lock
};

bool iequals(std::string_view a, std::string_view b);
std::string url_decode(std::string_view s, bool plus_is_space);
// RFC 3986 encoding as SigV4 wants it (unreserved chars kept; '/' kept when keep_slash).
std::string uri_encode(std::string_view s, bool keep_slash);
// application/x-www-form-urlencoded or a query string → ordered key/value pairs.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view s);

}  // namespace emulator
