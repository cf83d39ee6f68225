#include "aws/socket_transport.h"

#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "aws/http_url.h"
#include "aws/http_wire.h"
#include "aws/net_stream.h"
#include "aws/proxy_env.h"
#include "util/clock.h"
#include "util/env.h"

namespace aws {

namespace {

using util::ErrorKind;

// "POST http://host:port/path": the query is left out in case it carries anything sensitive.
std::string describe_target(const HttpRequest& request) {
  std::string url = request.url;
  if (auto q = url.find_first_of("?#"); q != std::string::npos) {
    url.resize(q);
  }
  return request.method + " " + url;
}

const char* what_failed(const std::string& code) {
  static const std::map<std::string, const char*, std::less<>> k_what = {
      {"ConnectionRefused", "could not connect"},
      {"ConnectionReset", "connection reset"},
      {"Timeout", "timed out"},
      {"DnsFailure", "could not resolve the host name"},
      {"TlsError", "TLS error"},
      {"PartialResponse", "the response ended early"},
      {"BadResponse", "the endpoint's answer is not valid HTTP"},
      {"ResponseTooLarge", "the response is larger than 64 MiB"},
      {"ProxyError", "the proxy refused the connection"},
      {"Interrupted", "interrupted"},
  };
  auto it = k_what.find(code);
  return it != k_what.end() ? it->second : "HTTP request failed";
}

// Every transport error names the request: "timed out: POST http://... (detail)".
util::Error for_request(util::Error e, const HttpRequest& request) {
  if (e.code == "InvalidUrl") {
    return e;
  }
  e.message =
      std::string(what_failed(e.code)) + ": " + describe_target(request) + " (" + e.message + ")";
  return e;
}

util::Error failure(ErrorKind kind, const char* code, std::string detail) {
  return util::make_error(kind, std::move(detail), code);
}

struct Route {
  HttpUrl url;
  std::optional<Proxy> proxy;
  std::string key;  // pool key: where the connection goes and through what
};

// One exchange's outcome, with whether the connection may carry the next one.
struct Exchange {
  util::Result<HttpResponse> response;
  bool reusable = false;
  bool nothing_received = false;  // failed before any byte of an answer: a stale connection
};

Exchange exchange(NetStream& stream, const std::string& bytes, bool head_only, SteadyTime deadline,
                  const WaitTick& tick) {
  Exchange out{util::make_error(ErrorKind::Internal, "unreachable")};
  if (auto s = stream.write_all(bytes, deadline, tick); !s) {
    out.response = s.error();
    out.nothing_received = s.error().code == "ConnectionReset";
    return out;
  }
  ResponseParser parser(head_only);
  std::string chunk;
  while (true) {
    chunk.clear();
    auto n = stream.read_some(chunk, deadline, tick);
    if (!n) {
      out.nothing_received = !parser.started() && n.error().code == "ConnectionReset";
      out.response = n.error();
      return out;
    }
    const auto state = *n == 0 ? parser.finish() : parser.feed(chunk);
    using State = ResponseParser::State;
    if (state == State::Done) {
      out.reusable = parser.reusable();
      out.response = parser.take_response();
      return out;
    }
    if (state == State::Bad) {
      out.response = failure(ErrorKind::Network, "BadResponse", parser.problem());
      return out;
    }
    if (state == State::TooLarge) {
      out.response = failure(ErrorKind::ProtocolError, "ResponseTooLarge", "refused");
      return out;
    }
    if (*n == 0) {
      out.nothing_received = !parser.started();
      out.response = !parser.started()
                         ? failure(ErrorKind::Network, "ConnectionReset",
                                   "the server closed the connection without answering")
                     : parser.in_body()
                         ? failure(ErrorKind::Network, "PartialResponse", "the body was cut short")
                         : failure(ErrorKind::Network, "BadResponse", "the headers were cut short");
      return out;
    }
  }
}

class SocketTransport final : public HttpTransport {
 public:
  explicit SocketTransport(TransportOptions options) : m_options(std::move(options)) {}

  util::Result<HttpResponse> send(const HttpRequest& request) override {
    auto route = route_for(request);
    if (!route) {
      return route.take_error();
    }
    const auto start = std::chrono::steady_clock::now();
    const SteadyTime deadline = start + request.timeout;
    const SteadyTime connect_deadline = std::min(deadline, start + request.connect_timeout);
    const WaitTick tick = [&request] {
      if (request.on_progress) {
        request.on_progress();
      }
      return !util::interrupt_requested();
    };
    if (util::interrupt_requested()) {
      return for_request(failure(ErrorKind::Cancelled, "Interrupted", "interrupted"), request);
    }
    const bool through_http_proxy = route->proxy && !route->url.tls;
    const std::string target =
        through_http_proxy ? route->url.origin() + route->url.target : route->url.target;
    const std::string bytes =
        serialize_request(request, route->url, target, m_options.user_agent,
                          through_http_proxy ? route->proxy->authorization : "");
    // A pooled connection the server has meanwhile closed fails before any answer; that
    // request never reached the server, so it goes once more on a fresh connection.
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<NetStream> stream = attempt == 0 ? take_idle(route->key) : nullptr;
      const bool reused = stream != nullptr;
      if (!stream) {
        auto opened = open(*route, connect_deadline, deadline, tick);
        if (!opened) {
          return for_request(opened.take_error(), request);
        }
        stream = std::move(*opened);
      }
      Exchange ex = exchange(*stream, bytes, request.method == "HEAD", deadline, tick);
      if (!ex.response && reused && ex.nothing_received) {
        continue;
      }
      if (!ex.response) {
        return for_request(ex.response.take_error(), request);
      }
      if (ex.reusable) {
        put_idle(route->key, std::move(stream));
      }
      return std::move(*ex.response);
    }
  }

 private:
  util::Result<Route> route_for(const HttpRequest& request) const {
    auto url = parse_http_url(request.url);
    if (!url) {
      return url.take_error();
    }
    auto proxy = proxy_for(*url, m_env);
    if (!proxy) {
      return proxy.take_error();
    }
    Route route{*url, *proxy, url->origin()};
    if (route.proxy) {
      route.key += " via " + route.proxy->url.origin();
    }
    return route;
  }

  util::Result<std::shared_ptr<TlsConfig>> tls() {
    std::lock_guard lock(m_mutex);
    if (!m_tls) {
      m_tls = TlsConfig::make(m_options.cas);
    }
    return *m_tls;
  }

  util::Result<std::unique_ptr<NetStream>> open(const Route& route, SteadyTime connect_deadline,
                                                SteadyTime deadline, const WaitTick& tick) {
    const HttpUrl& hop = route.proxy ? route.proxy->url : route.url;
    auto stream = connect_stream(hop.host, hop.port, connect_deadline, tick);
    if (!stream) {
      return stream;
    }
    if (!route.url.tls) {
      return stream;
    }
    auto config = tls();
    if (!config) {
      return config.take_error();
    }
    if (route.proxy) {
      if (auto s = tunnel(**stream, route, deadline, tick); !s) {
        return s.take_error();
      }
    }
    if (auto s = (*stream)->start_tls(**config, route.url.host, deadline, tick); !s) {
      return s.take_error();
    }
    return stream;
  }

  // HTTPS through a proxy: CONNECT host:port, then TLS end to end inside the tunnel.
  static util::Status tunnel(NetStream& stream, const Route& route, SteadyTime deadline,
                             const WaitTick& tick) {
    const std::string authority = route.url.authority.find(':') == std::string::npos
                                      ? route.url.authority + ":443"
                                      : route.url.authority;
    std::string bytes = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (!route.proxy->authorization.empty()) {
      bytes += "Proxy-Authorization: " + route.proxy->authorization + "\r\n";
    }
    bytes += "\r\n";
    Exchange ex = exchange(stream, bytes, true, deadline, tick);
    if (!ex.response) {
      return ex.response.take_error();
    }
    if (ex.response->status != 200) {
      return failure(
          ErrorKind::Network, "ProxyError",
          "CONNECT " + authority + " answered HTTP " + std::to_string(ex.response->status));
    }
    return {};
  }

  std::unique_ptr<NetStream> take_idle(const std::string& key) {
    std::lock_guard lock(m_mutex);
    auto& idle = m_idle[key];
    while (!idle.empty()) {
      std::unique_ptr<NetStream> stream = std::move(idle.back());
      idle.pop_back();
      if (stream->looks_alive()) {
        return stream;
      }
    }
    return nullptr;
  }

  void put_idle(const std::string& key, std::unique_ptr<NetStream> stream) {
    std::lock_guard lock(m_mutex);
    size_t total = 0;
    for (const auto& [k, streams] : m_idle) {
      total += streams.size();
    }
    if (total < m_options.max_idle_connections) {
      m_idle[key].push_back(std::move(stream));
    }
  }

  TransportOptions m_options;
  util::ProcessEnv m_env;  // proxy variables, read per request as libcurl did
  std::mutex m_mutex;
  std::map<std::string, std::vector<std::unique_ptr<NetStream>>> m_idle;
  std::optional<util::Result<std::shared_ptr<TlsConfig>>> m_tls;
};

}  // namespace

std::unique_ptr<HttpTransport> make_socket_transport(const TransportOptions& options) {
  return std::make_unique<SocketTransport>(options);
}

}  // namespace aws
