#include "support/local_http_server.h"

#include <chrono>
#include <stdexcept>

#include <httplib.h>

#include "util/strings.h"

namespace testing_support {

LocalHttpServer::LocalHttpServer(Handler handler)
    : m_handler(std::move(handler)), m_server(std::make_unique<httplib::Server>()) {
  auto route = [this](const httplib::Request& req, httplib::Response& res) {
    CapturedRequest captured;
    captured.method = req.method;
    captured.target = req.target;
    captured.body = req.body;
    for (const auto& [k, v] : req.headers) {
      captured.headers.emplace_back(k, v);
    }
    aws::HttpResponse out = handle(captured);
    res.status = out.status;
    std::string content_type = "text/plain";
    for (const auto& [k, v] : out.headers) {
      if (util::iequals(k, "Content-Type")) {
        content_type = v;
      } else {
        res.set_header(k, v);
      }
    }
    res.set_content(out.body, content_type);
  };
  m_server->Get(".*", route);
  m_server->Post(".*", route);
  m_server->Put(".*", route);
  m_server->Delete(".*", route);
  m_server->Patch(".*", route);
  m_port = m_server->bind_to_any_port("127.0.0.1");
  if (m_port <= 0) {
    throw std::runtime_error("LocalHttpServer: cannot bind 127.0.0.1");
  }
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
  for (int i = 0; i < 500 && !m_server->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

LocalHttpServer::~LocalHttpServer() {
  m_server->stop();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

std::string LocalHttpServer::url() const {
  return "http://127.0.0.1:" + std::to_string(m_port);
}

std::vector<CapturedRequest> LocalHttpServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_requests;
}

aws::HttpResponse LocalHttpServer::handle(const CapturedRequest& request) {
  {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(request);
  }
  return m_handler(request);
}

}  // namespace testing_support
