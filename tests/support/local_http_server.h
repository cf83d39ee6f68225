#pragma once
// LocalHttpServer: a tiny HTTP server on 127.0.0.1 and a free port, for tests of code that
// really goes over HTTP (container credentials, IMDS, STS through the curl transport). Every
// request is captured and answered by the test's handler. Stops in its destructor.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "aws/http_transport.h"

namespace httplib {
class Server;
}

namespace testing_support {

struct CapturedRequest {
  std::string method;
  std::string target;  // path and query as sent: "/latest/api/token", "/creds?x=1"
  aws::Headers headers;
  std::string body;
};

class LocalHttpServer {
 public:
  using Handler = std::function<aws::HttpResponse(const CapturedRequest&)>;

  explicit LocalHttpServer(Handler handler);
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  int port() const { return m_port; }
  // "http://127.0.0.1:<port>"
  std::string url() const;
  std::vector<CapturedRequest> requests() const;

 private:
  aws::HttpResponse handle(const CapturedRequest& request);

  Handler m_handler;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  int m_port = 0;
  mutable std::mutex m_mutex;
  std::vector<CapturedRequest> m_requests;
};

}  // namespace testing_support
