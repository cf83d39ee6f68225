#include "support/flaky_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "util/strings.h"

namespace testing_support {

namespace {

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

// Waits until fd is readable or the server stops; false when stopping or on error.
bool wait_readable(int fd, const std::atomic<bool>& stop) {
  while (!stop.load()) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, 20);
    if (r > 0) {
      return true;
    }
    if (r < 0) {
      return false;
    }
  }
  return false;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      return;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

FlakyServer::FlakyServer() {
  m_listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (m_listen_fd < 0 || ::bind(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(m_listen_fd, 16) != 0 ||
      ::getsockname(m_listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("FlakyServer: cannot listen on 127.0.0.1");
    std::abort();
  }
  m_port = ntohs(addr.sin_port);
  m_acceptor = std::thread([this] { accept_loop(); });
}

FlakyServer::~FlakyServer() {
  m_stop.store(true);
  m_acceptor.join();
  ::close(m_listen_fd);
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(m_mutex);
    workers.swap(m_workers);
  }
  for (auto& w : workers) {
    w.join();
  }
}

std::string FlakyServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(m_port) + path;
}

void FlakyServer::push(Step step) {
  std::lock_guard lock(m_mutex);
  m_script.push_back(std::move(step));
}

std::vector<FlakyServer::Seen> FlakyServer::requests() const {
  std::lock_guard lock(m_mutex);
  return m_seen;
}

FlakyServer::Step FlakyServer::next_step() {
  std::lock_guard lock(m_mutex);
  if (m_script.empty()) {
    return Step{Action::Respond, 200, {}, "ok"};
  }
  Step s = std::move(m_script.front());
  m_script.pop_front();
  return s;
}

void FlakyServer::accept_loop() {
  while (wait_readable(m_listen_fd, m_stop)) {
    int fd = ::accept(m_listen_fd, nullptr, nullptr);
    if (fd < 0) {
      continue;
    }
    int connection = ++m_connections;
    std::lock_guard lock(m_mutex);
    m_workers.emplace_back([this, fd, connection] { serve(fd, connection); });
  }
}

void FlakyServer::serve(int fd, int connection) {
  std::string buffer;
  char chunk[4096];
  auto read_more = [&]() -> bool {
    if (!wait_readable(fd, m_stop)) {
      return false;
    }
    ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      return false;
    }
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
  };

  for (;;) {
    // Request line and headers.
    size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (!read_more()) {
        ::close(fd);
        return;
      }
    }
    Seen seen;
    seen.connection = connection;
    auto lines = util::split(std::string_view(buffer).substr(0, head_end), '\n');
    auto request_line = util::split(util::trim(lines[0]), ' ');
    seen.method = request_line.size() > 0 ? request_line[0] : "";
    seen.target = request_line.size() > 1 ? request_line[1] : "";
    size_t content_length = 0;
    for (size_t i = 1; i < lines.size(); ++i) {
      auto colon = lines[i].find(':');
      if (colon == std::string::npos) {
        continue;
      }
      std::string name(util::trim(std::string_view(lines[i]).substr(0, colon)));
      std::string value(util::trim(std::string_view(lines[i]).substr(colon + 1)));
      if (util::iequals(name, "Content-Length")) {
        content_length = std::stoul(value);
      }
      seen.headers.emplace_back(std::move(name), std::move(value));
    }
    buffer.erase(0, head_end + 4);
    while (buffer.size() < content_length) {
      if (!read_more()) {
        ::close(fd);
        return;
      }
    }
    seen.body = buffer.substr(0, content_length);
    buffer.erase(0, content_length);
    {
      std::lock_guard lock(m_mutex);
      m_seen.push_back(seen);
    }

    Step step = next_step();
    switch (step.action) {
      case Action::Reset: {
        linger l{1, 0};  // close() then sends RST instead of FIN
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
        ::close(fd);
        return;
      }
      case Action::CloseWithoutResponse:
        ::close(fd);
        return;
      case Action::Raw:
        send_all(fd, step.body);
        ::close(fd);
        return;
      case Action::Hang:
        while (!m_stop.load()) {
          ::usleep(10000);
        }
        ::close(fd);
        return;
      case Action::Respond:
      case Action::PartialBody: {
        const bool partial = step.action == Action::PartialBody;
        std::string out =
            "HTTP/1.1 " + std::to_string(step.status) + " " + reason(step.status) + "\r\n";
        for (const auto& [k, v] : step.headers) {
          out.append(k).append(": ").append(v).append("\r\n");
        }
        out += "Content-Length: " + std::to_string(step.body.size() + (partial ? 100 : 0)) +
               "\r\n\r\n";
        out += step.body;
        send_all(fd, out);
        if (partial) {
          ::close(fd);
          return;
        }
        break;
      }
    }
  }
}

}  // namespace testing_support
