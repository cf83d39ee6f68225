#include "server/http_server.h"

#include <httplib.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "server/connection_limits.h"

namespace emulator {
namespace {

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

// An AWS-style JSON error answered by the server itself (the emulator never saw the request).
void server_error(httplib::Response& res, int status, const std::string& code,
                  const std::string& message) {
  res.status = status;
  res.set_header("X-Amzn-ErrorType", code);
  res.set_content(dump_json(Json{{"__type", code}, {"message", message}}),
                  "application/x-amz-json-1.1");
}

// Refuses a body larger than the limit from its Content-Length, before reading any of it.
bool refuse_by_content_length(const httplib::Request& req, httplib::Response& res,
                              std::size_t limit) {
  if (!req.has_header("Content-Length")) {
    return false;
  }
  const std::string& value = req.get_header_value("Content-Length");
  char* end = nullptr;
  errno = 0;
  unsigned long long length = std::strtoull(value.c_str(), &end, 10);
  bool numeric = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos &&
                 errno == 0 && end != nullptr && *end == '\0';
  if (numeric && length <= limit) {
    return false;
  }
  LimitedServer::close_after_response();  // the unread body must not be taken for a request
  res.set_header("Connection", "close");
  if (!numeric) {
    server_error(res, 400, "SerializationException", "Invalid Content-Length '" + value + "'.");
    return true;
  }
  server_error(res, 413, "RequestEntityTooLargeException",
               "Request body of " + value + " bytes exceeds the limit of " + std::to_string(limit) +
                   " bytes.");
  return true;
}

}  // namespace

HttpServer::HttpServer(Emulator& emulator, ConnectionLimits limits) : m_emulator(emulator) {
  limits.max_body_bytes = emulator.options().max_body_bytes;
  m_server = std::make_unique<LimitedServer>(limits);
  // Without TCP_NODELAY a keep-alive response's last segment waits for the client's delayed
  // ACK (~40 ms per call). Connections live for many requests, like AWS endpoints; each one
  // holds a thread while open, so LimitedServer closes idle and slow ones and caps their number.
  m_server->set_tcp_nodelay(true);
  m_server->set_keep_alive_max_count(1000);
  std::size_t max_body = limits.max_body_bytes;
  m_server->set_pre_routing_handler(
      [max_body](const httplib::Request& req, httplib::Response& res) {
        return refuse_by_content_length(req, res, max_body)
                   ? httplib::Server::HandlerResponse::Handled
                   : httplib::Server::HandlerResponse::Unhandled;
      });
  // Errors httplib answers itself (a chunked body past the limit, a bad request line) get an
  // AWS-style body; responses from the emulator already have one.
  m_server->set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty() || res.content_provider_) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        if (res.status == 413 || LimitedServer::request_over_limit()) {
          LimitedServer::close_after_response();
          server_error(res, 413, "RequestEntityTooLargeException",
                       "Request exceeds the limit of " + std::to_string(max_body) + " body bytes.");
        } else {
          server_error(
              res, res.status, "BadRequestException",
              "The request could not be served (HTTP " + std::to_string(res.status) + ").");
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
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
  int bound = port;
  if (port == 0) {
    bound = m_server->bind_to_any_port("127.0.0.1");
  } else if (!m_server->bind_to_port("127.0.0.1", port)) {
    bound = -1;
  }
  if (bound > 0) {
    m_server->raise_backlog();
  }
  return bound;
}

std::size_t HttpServer::open_connections() const {
  return m_server->open_connections();
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
