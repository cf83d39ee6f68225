#pragma once
// Connection handling that survives abusive clients (docs/emulator.md, "Limits and abuse").
// cpp-httplib serves each connection on one pool thread for as long as the client keeps it
// open, re-arming its read timeout on every byte, so 200 idle sockets or a few dozen slowloris
// clients used to occupy every worker. LimitedServer replaces its per-connection loop:
//  - one thread per connection, at most `max_connections` at once; a connection beyond the cap
//    gets an immediate 503 ServiceUnavailableException and is closed;
//  - a connection that sends nothing for `idle_timeout_seconds` (before its first request or
//    between two) is closed;
//  - a request must arrive whole (request line, headers and body) within
//    `request_timeout_seconds`, with no silence longer than `read_timeout_seconds`, and may not
//    read more than the body limit plus `k_header_allowance` bytes.
#include <httplib.h>

#include <cstddef>
#include <memory>

namespace emulator {

struct ConnectionLimits {
  std::size_t max_connections = 512;
  int idle_timeout_seconds = 5;
  int read_timeout_seconds = 5;
  int request_timeout_seconds = 10;
  int write_timeout_seconds = 5;
  std::size_t max_body_bytes = 1024 * 1024;
};

// Request line + headers a request may send besides its body.
constexpr std::size_t k_header_allowance = 256 * 1024;

struct ConnectionCounter;

class LimitedServer : public httplib::Server {
 public:
  explicit LimitedServer(const ConnectionLimits& limits);
  const ConnectionLimits& limits() const { return m_limits; }
  // Called from a handler: close this connection once the current response is written
  // (e.g. after refusing a body that was not read).
  static void close_after_response();
  // Called from the error handler: the request being answered read past its byte budget (a
  // chunked body over the limit, or endless headers); the connection is closed afterwards.
  static bool request_over_limit();
  // Connections being served right now (for tests and diagnostics).
  std::size_t open_connections() const;
  // After binding: a listen backlog that absorbs a burst of connects.
  void raise_backlog();

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool wait_for_request(socket_t sock) const;
  bool stopping() const { return svr_sock_ == INVALID_SOCKET; }

  ConnectionLimits m_limits;
  std::shared_ptr<ConnectionCounter> m_counter;
};

}  // namespace emulator
