#include "server/http_server.h"

#include <httplib.h>

#include <chrono>

namespace emulator {
namespace {

constexpr std::size_t k_worker_threads = 32;

HttpRequest convert(const httplib::Request& in) {
  HttpRequest out;
  out.method = in.method;
  std::string target = in.target.empty() ? in.path : in.target;
  auto q = target.find('?');
  out.path = q == std::string::npos ? target : target.substr(0, q);
  out.query = q == std::string::npos ? std::string() : target.substr(q + 1);
  for (const auto& [k, v] : in.headers) {
    // httplib adds these for its own bookkeeping; they never came from the client.
    if (k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" || k == "LOCAL_PORT") {
      continue;
    }
    out.headers.emplace_back(k, v);
  }
  out.body = in.body;
  out.remote_addr = in.remote_addr;
  return out;
}

void deliver(const HttpResponse& r, httplib::Response& out) {
  if (r.delay_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(r.delay_ms));
  }
  out.status = r.status;
  for (const auto& [k, v] : r.headers) {
    out.set_header(k, v);
  }
  if (r.delivery == Delivery::Normal) {
    out.set_content(r.body, r.content_type);
    return;
  }
  // Faults: announce the full length, then send nothing (reset) or half (truncate) and
  // make httplib drop the connection.
  std::string body = r.body;
  bool truncate = r.delivery == Delivery::Truncate;
  out.set_content_provider(body.size(), r.content_type,
                           [body, truncate](size_t offset, size_t, httplib::DataSink& sink) {
                             if (truncate && offset == 0 && body.size() > 1) {
                               sink.write(body.data(), body.size() / 2);
                             }
                             return false;
                           });
}

}  // namespace

HttpServer::HttpServer(Emulator& emulator)
    : m_emulator(emulator), m_server(std::make_unique<httplib::Server>()) {
  m_server->set_payload_max_length(64 * 1024 * 1024);
  // Without TCP_NODELAY a keep-alive response's last segment waits for the client's delayed
  // ACK (~40 ms per call). Connections live for many requests (httplib's default max is 5),
  // like AWS endpoints. Each kept-alive connection holds a pool thread, hence the larger pool;
  // the idle timeout stays short because stop() waits for idle connections to time out.
  m_server->set_tcp_nodelay(true);
  m_server->set_keep_alive_max_count(1000);
  m_server->set_keep_alive_timeout(5);
  m_server->new_task_queue = [] { return new httplib::ThreadPool(k_worker_threads); };
  auto api = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequest r = convert(req);
    if (r.path.rfind("/_emulator/", 0) == 0) {
      deliver(m_emulator.handle_control(r), res);
    } else {
      deliver(m_emulator.handle(r), res);
    }
  };
  m_server->Get(".*", api);
  m_server->Post(".*", api);
  m_server->Put(".*", api);
  m_server->Delete(".*", api);
}

HttpServer::~HttpServer() {
  stop();
}

int HttpServer::bind(int port) {
  if (port == 0) {
    return m_server->bind_to_any_port("127.0.0.1");
  }
  return m_server->bind_to_port("127.0.0.1", port) ? port : -1;
}

void HttpServer::start() {
  m_running = true;
  m_listener = std::thread([this] { m_server->listen_after_bind(); });
  m_ticker = std::thread([this] {
    while (m_running) {
      m_emulator.tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
}

void HttpServer::stop() {
  if (!m_running.exchange(false)) {
    return;
  }
  m_server->stop();
  if (m_listener.joinable()) {
    m_listener.join();
  }
  if (m_ticker.joinable()) {
    m_ticker.join();
  }
}

}  // namespace emulator
