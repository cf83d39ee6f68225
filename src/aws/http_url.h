#pragma once
// The parts of an absolute http(s) URL the transport needs to open a connection and write a
// request line. Endpoints are validated earlier (aws/endpoint); this only splits.

#include <string>
#include <string_view>

#include "util/result.h"

namespace aws {

struct HttpUrl {
  bool tls = false;       // https
  std::string host;       // "ecs.us-east-1.amazonaws.com", "127.0.0.1", "::1" (no brackets)
  int port = 0;           // explicit or the scheme's default
  std::string authority;  // what the Host header says: "host", "host:port", "[::1]:8080"
  std::string target;     // "/path?query" (at least "/")

  // "http://host:port" without path: the key connections are pooled under.
  std::string origin() const;
};

// Splits "scheme://host[:port][/path][?query]". Only http and https; user info is refused
// (credentials never travel in URLs here), except that a proxy URL may carry them
// (allow_userinfo, returned in `userinfo`). Errors: InvalidInput, code "InvalidUrl".
util::Result<HttpUrl> parse_http_url(std::string_view url);
util::Result<HttpUrl> parse_proxy_url(std::string_view url, std::string& userinfo);

}  // namespace aws
