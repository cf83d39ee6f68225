#pragma once
// The HttpTransport ecsdeploy ships: HTTP/1.1 over plain sockets, TLS by OpenSSL (linked in,
// like everything but the C library), so the release binary needs no shared library beyond
// glibc (docs/releases.md). It replaces libcurl, which was loaded with dlopen and so made
// every HTTPS request depend on the runner having libcurl4 and its ~28 libraries.
//
// What it does, as libcurl did for us: connections kept alive and reused per origin (a stale
// pooled connection is retried once on a fresh one), concurrent calls on separate
// connections, Content-Length / chunked / read-to-close bodies up to 64 MiB, a connect
// timeout and a whole-request timeout, Ctrl-C aborting a request in flight, proxies from the
// environment (aws/proxy_env.h; HTTPS through CONNECT) and the system's CA bundle found as
// curl and the AWS CLI find it (aws/ca_bundle.h), AWS_CA_BUNDLE first. There is no verbose
// switch: a trace would print X-Amz-Security-Token.

#include <memory>
#include <string>

#include "aws/http_transport.h"
#include "aws/tls_config.h"

namespace aws {

struct TransportOptions {
  std::string user_agent;           // sent unless the request sets its own User-Agent
  CaSource cas;                     // what HTTPS trusts (session.cpp decides)
  size_t max_idle_connections = 8;  // kept for reuse once concurrent calls finish
};

std::unique_ptr<HttpTransport> make_socket_transport(const TransportOptions& options);

}  // namespace aws
