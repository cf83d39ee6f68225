#pragma once
// HTTP/1.1 on the wire, without sockets: the request's bytes, and an incremental parser for
// the response (status line, headers, a body framed by Content-Length, chunked encoding or
// the end of the connection). Pure, so every framing case is table-tested.

#include <cstddef>
#include <string>
#include <string_view>

#include "aws/http_transport.h"
#include "aws/http_url.h"

namespace aws {

// Bodies beyond this are not AWS API responses; refusing them bounds memory.
inline constexpr size_t k_max_response_body = size_t{64} * 1024 * 1024;
// Status line plus headers; AWS sends well under 8 KiB.
inline constexpr size_t k_max_response_head = size_t{256} * 1024;

// The request as sent: exactly the given headers plus Host, User-Agent (unless given),
// Content-Length (for a body, or any method but GET and HEAD) and, for a proxy,
// Proxy-Authorization. `target` is the origin-form path or, through an HTTP proxy, the URL.
std::string serialize_request(const HttpRequest& request, const HttpUrl& url,
                              const std::string& target, const std::string& user_agent,
                              const std::string& proxy_authorization = "");

class ResponseParser {
 public:
  enum class State { NeedMore, Done, Bad, TooLarge };

  // `head_only`: the answer to a HEAD, which has headers but never a body.
  explicit ResponseParser(bool head_only = false) : m_head_only(head_only) {}

  // Feeds bytes as they arrive; returns the state after them. Bytes after Done are ignored.
  State feed(std::string_view bytes);
  // The peer closed the connection: Done when the body runs to the close, else the state
  // (NeedMore: the answer was cut short).
  State finish();

  bool started() const { return m_started; }  // any byte of an answer seen
  bool in_body() const { return m_phase != Phase::Head; }
  // The server lets the connection carry another request (HTTP/1.1 without
  // "Connection: close", a body framed by length or chunks).
  bool reusable() const { return m_reusable; }
  const std::string& problem() const { return m_problem; }  // why Bad
  HttpResponse take_response() { return std::move(m_response); }

 private:
  enum class Phase { Head, Length, ChunkSize, ChunkData, ChunkDataEnd, Trailers, ToClose, Done };
  State parse();
  State bad(std::string why);
  State head_complete(std::string_view head);
  State append_body(std::string_view data);

  bool m_head_only;
  bool m_started = false;
  bool m_reusable = false;
  Phase m_phase = Phase::Head;
  std::string m_buffer;  // bytes not yet consumed
  size_t m_remaining = 0;
  HttpResponse m_response;
  std::string m_problem;
  State m_state = State::NeedMore;
};

}  // namespace aws
