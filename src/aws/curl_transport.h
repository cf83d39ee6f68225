#pragma once
// The libcurl HttpTransport. libcurl is used nowhere else (contributing.md, principle 14). It is
// loaded on the first request (aws/curl_library.h), so making a transport costs nothing and
// a missing libcurl is an Error of that request ("CurlUnavailable"), not a start-up failure.
//
// Connections are reused: each transport keeps a small pool of CURL easy handles, and an
// easy handle keeps its connections alive between requests. One handle serves sequential
// calls; concurrent calls (preflight runs several at once) each take their own handle.
// Proxies come from libcurl's standard environment handling (https_proxy/HTTPS_PROXY,
// http_proxy, no_proxy/NO_PROXY); nothing here reads those variables. There is deliberately
// no verbose switch: libcurl's trace prints X-Amz-Security-Token.

#include <memory>
#include <string>

#include "aws/http_transport.h"

namespace aws {

struct CurlOptions {
  std::string user_agent;       // sent unless the request sets its own User-Agent header
  std::string ca_bundle;        // AWS_CA_BUNDLE: a PEM file replacing the system CAs; empty: system
  size_t max_idle_handles = 8;  // handles kept for reuse once concurrent calls finish
  std::string library = "libcurl.so.4";  // what dlopen loads; tests name a missing one
};

std::unique_ptr<HttpTransport> make_curl_transport(const CurlOptions& options);

}  // namespace aws
