#pragma once
// FlakyServer: a tiny scripted HTTP/1.1 server on 127.0.0.1:<free port> for transport tests.
// Raw sockets rather than cpp-httplib, because the point is to misbehave on cue: reset the
// connection, close before answering, cut a body short, or never answer. Each request takes
// the next scripted step (a plain 200 when the script is empty). Keep-alive is honoured, and
// every request records which connection it came on, so connection reuse is observable.

#include <atomic>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aws/http_transport.h"

namespace testing_support {

class FlakyServer {
 public:
  enum class Action {
    Respond,               // a normal response
    Reset,                 // read the request, then close with RST
    CloseWithoutResponse,  // read the request, then close cleanly without a byte
    PartialBody,           // announce Content-Length body+100, send body, close
    Hang,                  // read the request and never answer (until the server stops)
    Raw,                   // read the request, send `body` as the whole answer, close
  };
  struct Step {
    Action action = Action::Respond;
    int status = 200;
    aws::Headers headers;
    std::string body;
  };
  struct Seen {
    std::string method;
    std::string target;  // "/path?query"
    aws::Headers headers;
    std::string body;
    int connection = 0;  // 1-based index of the accepted connection
  };

  FlakyServer();  // binds and starts serving; aborts the test binary if it cannot bind
  ~FlakyServer();
  FlakyServer(const FlakyServer&) = delete;
  FlakyServer& operator=(const FlakyServer&) = delete;

  int port() const { return m_port; }
  std::string url(const std::string& path = "/") const;
  void push(Step step);
  std::vector<Seen> requests() const;
  int connections() const { return m_connections.load(); }

 private:
  void accept_loop();
  void serve(int fd, int connection);
  Step next_step();

  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::atomic<int> m_connections{0};
  mutable std::mutex m_mutex;
  std::deque<Step> m_script;
  std::vector<Seen> m_seen;
  std::vector<std::thread> m_workers;
  std::thread m_acceptor;
};

}  // namespace testing_support
