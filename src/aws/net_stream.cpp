#include "aws/net_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "aws/tls_config.h"

namespace aws {

namespace {

using std::chrono::milliseconds;
using util::ErrorKind;

util::Error net_error(const char* code, const std::string& what) {
  return util::make_error(ErrorKind::Network, what, code);
}
util::Error timed_out() {
  return util::make_error(ErrorKind::Timeout, "timed out", "Timeout");
}
util::Error interrupted() {
  return util::make_error(ErrorKind::Cancelled, "interrupted", "Interrupted");
}

std::string tls_reason(const char* fallback) {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) {
    return errno != 0 ? std::strerror(errno) : fallback;
  }
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

// Waits until `fd` is ready for `events`, in slices of at most a second. Ok(true) ready.
util::Status wait_for(int fd, short events, SteadyTime deadline, const WaitTick& tick) {
  while (true) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return timed_out();
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - now).count() + 1;
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (rc > 0) {
      return util::Status();
    }
    if (rc < 0 && errno != EINTR) {
      return net_error("ConnectionReset", std::string("poll: ") + std::strerror(errno));
    }
    if (tick && !tick()) {
      return interrupted();
    }
  }
}

class SocketStream final : public NetStream {
 public:
  explicit SocketStream(int fd) : m_fd(fd) {}
  ~SocketStream() override {
    if (m_ssl != nullptr) {
      SSL_free(m_ssl);
    }
    ::close(m_fd);
  }
  SocketStream(const SocketStream&) = delete;
  SocketStream& operator=(const SocketStream&) = delete;

  util::Status write_all(std::string_view data, SteadyTime deadline,
                         const WaitTick& tick) override {
    while (!data.empty()) {
      short want = POLLOUT;
      ssize_t n = 0;
      if (m_ssl != nullptr) {
        ERR_clear_error();
        const int rc =
            SSL_write(m_ssl, data.data(), static_cast<int>(std::min<size_t>(data.size(), 1 << 20)));
        if (rc > 0) {
          n = rc;
        } else {
          const int err = SSL_get_error(m_ssl, rc);
          if (err == SSL_ERROR_WANT_READ) {
            want = POLLIN;
          } else if (err != SSL_ERROR_WANT_WRITE) {
            return net_error("ConnectionReset", "send failed: " + tls_reason("connection closed"));
          }
        }
      } else {
        n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          return net_error("ConnectionReset", std::string("send failed: ") + std::strerror(errno));
        }
      }
      if (n > 0) {
        data.remove_prefix(static_cast<size_t>(n));
        continue;
      }
      if (auto s = wait_for(m_fd, want, deadline, tick); !s) {
        return s;
      }
    }
    return util::Status();
  }

  util::Result<size_t> read_some(std::string& out, SteadyTime deadline,
                                 const WaitTick& tick) override {
    char buf[16384];
    while (true) {
      short want = POLLIN;
      if (m_ssl != nullptr) {
        ERR_clear_error();
        const int rc = SSL_read(m_ssl, buf, sizeof(buf));
        if (rc > 0) {
          out.append(buf, static_cast<size_t>(rc));
          return static_cast<size_t>(rc);
        }
        const int err = SSL_get_error(m_ssl, rc);
        if (err == SSL_ERROR_ZERO_RETURN) {
          return size_t{0};
        }
        if (err == SSL_ERROR_WANT_WRITE) {
          want = POLLOUT;
        } else if (err == SSL_ERROR_SYSCALL && errno == 0) {
          return size_t{0};  // the peer closed without close_notify
        } else if (err != SSL_ERROR_WANT_READ) {
          return net_error("ConnectionReset", "receive failed: " + tls_reason("connection reset"));
        }
      } else {
        const ssize_t n = ::recv(m_fd, buf, sizeof(buf), 0);
        if (n >= 0) {
          out.append(buf, static_cast<size_t>(n));
          return static_cast<size_t>(n);
        }
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          return net_error("ConnectionReset",
                           std::string("receive failed: ") + std::strerror(errno));
        }
      }
      if (auto s = wait_for(m_fd, want, deadline, tick); !s) {
        return s.error();
      }
    }
  }

  bool looks_alive() override {
    if (m_ssl != nullptr && SSL_pending(m_ssl) > 0) {
      return false;  // bytes nobody asked for
    }
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, 0) == 0) {
      return true;
    }
    // Readable while idle: the peer closed or sent junk, unless (TLS 1.3) it was only a
    // session ticket, which SSL_peek consumes without yielding application data.
    if (m_ssl == nullptr || (p.revents & (POLLHUP | POLLERR)) != 0) {
      return false;
    }
    char byte = 0;
    ERR_clear_error();
    const int rc = SSL_peek(m_ssl, &byte, 1);
    return rc <= 0 && SSL_get_error(m_ssl, rc) == SSL_ERROR_WANT_READ;
  }

  util::Status start_tls(const TlsConfig& tls, const std::string& host, SteadyTime deadline,
                         const WaitTick& tick) override {
    m_ssl = SSL_new(tls.context());
    if (m_ssl == nullptr) {
      return net_error("TlsError", "TLS setup failed: " + tls_reason("SSL_new"));
    }
    SSL_set_fd(m_ssl, m_fd);
    in6_addr ip{};
    const bool literal = ::inet_pton(AF_INET, host.c_str(), &ip) == 1 ||
                         ::inet_pton(AF_INET6, host.c_str(), &ip) == 1;
    if (!literal) {
      SSL_set_tlsext_host_name(m_ssl, host.c_str());
    }
    // Hostname (or IP address) verification is part of the chain check.
    X509_VERIFY_PARAM* param = SSL_get0_param(m_ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int set = literal ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                            : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (set != 1) {
      return net_error("TlsError", "TLS setup failed for " + host);
    }
    while (true) {
      ERR_clear_error();
      errno = 0;
      const int rc = SSL_connect(m_ssl);
      if (rc == 1) {
        return util::Status();
      }
      const int err = SSL_get_error(m_ssl, rc);
      short want = 0;
      if (err == SSL_ERROR_WANT_READ) {
        want = POLLIN;
      } else if (err == SSL_ERROR_WANT_WRITE) {
        want = POLLOUT;
      } else {
        std::string reason = tls_reason("the server closed the connection during the handshake");
        const long verify = SSL_get_verify_result(m_ssl);
        if (verify != X509_V_OK) {
          reason = std::string("certificate verification failed: ") +
                   X509_verify_cert_error_string(verify);
        }
        return net_error("TlsError",
                         "TLS handshake failed: " + reason + "; " + tls.cas().describe());
      }
      if (auto s = wait_for(m_fd, want, deadline, tick); !s) {
        return s;
      }
    }
  }

 private:
  int m_fd;
  SSL* m_ssl = nullptr;
};

// Non-blocking connect to one address; Ok(fd) or the reason.
util::Result<int> connect_one(const addrinfo& ai, SteadyTime deadline, const WaitTick& tick) {
  const int fd =
      ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) {
    return net_error("ConnectionRefused", std::string("socket: ") + std::strerror(errno));
  }
  auto fail = [fd](util::Error e) {
    ::close(fd);
    return e;
  };
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0 && errno != EINPROGRESS) {
    return fail(net_error("ConnectionRefused", std::strerror(errno)));
  }
  if (auto s = wait_for(fd, POLLOUT, deadline, tick); !s) {
    return fail(s.error());
  }
  int err = 0;
  socklen_t len = sizeof(err);
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) {
    return fail(net_error("ConnectionRefused", std::strerror(err)));
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
  return fd;
}

}  // namespace

util::Result<std::unique_ptr<NetStream>> connect_stream(const std::string& host, int port,
                                                        SteadyTime connect_deadline,
                                                        const WaitTick& tick) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return net_error("DnsFailure",
                     std::string("could not resolve ") + host + ": " + ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  util::Error last = net_error("ConnectionRefused", "no address");
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    auto fd = connect_one(*ai, connect_deadline, tick);
    if (fd) {
      return std::unique_ptr<NetStream>(std::make_unique<SocketStream>(*fd));
    }
    last = fd.error();
    if (last.kind != ErrorKind::Network) {
      break;  // timed out or interrupted: the deadline is shared by every address
    }
  }
  return last;
}

}  // namespace aws
