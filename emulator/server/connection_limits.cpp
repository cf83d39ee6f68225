#include "server/connection_limits.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

namespace emulator {

struct ConnectionCounter {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t serving = 0;
  std::size_t refusing = 0;
};

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// How soon a connection that waits for bytes notices stop().
constexpr int k_poll_slice_ms = 100;
// Connections past the cap are answered 503 on their own short-lived thread (so the client
// reads the answer rather than a reset); past this many at once they are closed unanswered.
constexpr std::size_t k_max_refusing = 32;

enum class Mode { Serve, Refuse, Drop };
thread_local Mode t_mode = Mode::Serve;
thread_local bool t_close_after = false;
thread_local bool t_over_limit = false;  // the current request read past its byte budget

// Waits for `events` on sock until `deadline`; 1 ready, 0 timed out, -1 error or stopping.
int wait_ready(socket_t sock, short events, Clock::time_point deadline,
               const std::function<bool()>& stopping) {
  while (true) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      return 0;
    }
    pollfd p{sock, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, k_poll_slice_ms)));
    if (n > 0) {
      return 1;  // readable, writable, hung up or failed: the next recv/send tells which
    }
    if (n < 0 && errno != EINTR) {
      return -1;
    }
    if (stopping()) {
      return -1;
    }
  }
}

std::string address_of(const sockaddr_storage& addr, int& port) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof(buf));
    port = ntohs(a->sin6_port);
  }
  return buf;
}

// Bytes received but not yet handed to httplib. It reads request lines and headers one byte
// at a time, so without this every header byte cost a poll() and a recv(). It belongs to the
// connection, not the request: a pipelined next request may already be in it.
struct ReadBuffer {
  char data[4096];
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin == end; }
};

// One request's view of the socket: every read waits at most read_timeout for bytes and never
// past the request's deadline; all reads together stay within the byte budget.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(socket_t sock, const ConnectionLimits& limits, ReadBuffer& buffer,
                 std::function<bool()> stopping)
      : m_sock(sock),
        m_limits(limits),
        m_buffer(buffer),
        m_stopping(std::move(stopping)),
        m_deadline(Clock::now() + seconds(limits.request_timeout_seconds)),
        m_budget(limits.max_body_bytes + k_header_allowance) {}

  bool is_readable() const override {
    auto deadline = std::min(m_deadline, Clock::now() + seconds(m_limits.read_timeout_seconds));
    return wait_ready(m_sock, POLLIN, deadline, m_stopping) > 0;
  }
  bool is_writable() const override {
    auto deadline = Clock::now() + seconds(m_limits.write_timeout_seconds);
    return wait_ready(m_sock, POLLOUT, deadline, m_stopping) > 0;
  }
  ssize_t read(char* ptr, size_t size) override {
    if (m_budget == 0) {
      t_over_limit = true;
      m_failed = true;
      return -1;
    }
    if (m_buffer.empty()) {
      if (!is_readable()) {
        m_failed = true;  // silent too long, past the deadline, or stopping
        return -1;
      }
      ssize_t n = 0;
      do {
        n = ::recv(m_sock, m_buffer.data, sizeof(m_buffer.data), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) {
        return n;
      }
      m_buffer.begin = 0;
      m_buffer.end = static_cast<std::size_t>(n);
    }
    std::size_t n = std::min({size, m_budget, m_buffer.end - m_buffer.begin});
    std::memcpy(ptr, m_buffer.data + m_buffer.begin, n);
    m_buffer.begin += n;
    m_budget -= n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) {
      return -1;
    }
    ssize_t n = 0;
    do {
      n = ::send(m_sock, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getpeername(m_sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      ip = address_of(addr, port);
    }
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getsockname(m_sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      ip = address_of(addr, port);
    }
  }
  socket_t socket() const override { return m_sock; }
  // The request did not arrive whole in time or within its budget: httplib may still have
  // answered it (400/413), but the rest of its bytes must not be read as a next request.
  bool failed() const { return m_failed; }

 private:
  socket_t m_sock;
  const ConnectionLimits& m_limits;
  ReadBuffer& m_buffer;
  std::function<bool()> m_stopping;
  Clock::time_point m_deadline;
  std::size_t m_budget;
  bool m_failed = false;
};

// Stops sending, then reads and drops what the client still sends for up to `linger`, so
// the client reads our answer instead of a reset (an unread receive buffer turns close() into
// an RST). Apache's lingering close does the same.
void lingering_close(socket_t sock, milliseconds linger) {
  ::shutdown(sock, SHUT_WR);
  auto deadline = Clock::now() + linger;
  char buf[16384];
  while (wait_ready(sock, POLLIN, deadline, [] { return false; }) > 0) {
    ssize_t n = ::recv(sock, buf, sizeof(buf), 0);
    if (n <= 0 && !(n < 0 && errno == EINTR)) {
      break;
    }
  }
  ::close(sock);
}

void refuse(socket_t sock, std::size_t cap) {
  // Give the client a moment to send its request, so the 503 answers it.
  wait_ready(sock, POLLIN, Clock::now() + milliseconds(500), [] { return false; });
  std::string body =
      R"({"__type":"ServiceUnavailableException","message":"ecs-emulator is already serving )" +
      std::to_string(cap) + R"( connections (its limit); retry later."})";
  std::string response =
      "HTTP/1.1 503 Service Unavailable\r\n"
      "Content-Type: application/x-amz-json-1.1\r\n"
      "X-Amzn-ErrorType: ServiceUnavailableException\r\n"
      "Retry-After: 1\r\n"
      "Connection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  ::send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  lingering_close(sock, milliseconds(1000));
}

// httplib's task queue, one thread per connection up to the cap.
class ConnectionQueue : public httplib::TaskQueue {
 public:
  ConnectionQueue(std::shared_ptr<ConnectionCounter> counter, std::size_t cap)
      : m_counter(std::move(counter)), m_cap(cap) {}

  void enqueue(std::function<void()> fn) override {
    Mode mode = Mode::Serve;
    {
      std::lock_guard<std::mutex> lock(m_counter->mutex);
      if (m_counter->serving >= m_cap) {
        mode = m_counter->refusing < k_max_refusing ? Mode::Refuse : Mode::Drop;
      }
      count(mode, +1);
    }
    if (mode == Mode::Drop) {
      run(Mode::Drop, fn);
      return;
    }
    auto job = std::make_shared<std::function<void()>>(std::move(fn));
    try {
      std::thread([counter = m_counter, job, mode] {
        run(mode, *job);
        std::lock_guard<std::mutex> lock(counter->mutex);
        (mode == Mode::Serve ? counter->serving : counter->refusing) -= 1;
        counter->changed.notify_all();
      }).detach();
    } catch (const std::system_error&) {
      {
        std::lock_guard<std::mutex> lock(m_counter->mutex);
        count(mode, -1);
      }
      run(Mode::Drop, *job);
    }
  }

  void shutdown() override {
    std::unique_lock<std::mutex> lock(m_counter->mutex);
    m_counter->changed.wait(lock,
                            [&] { return m_counter->serving == 0 && m_counter->refusing == 0; });
  }

 private:
  static void run(Mode mode, const std::function<void()>& fn) {
    t_mode = mode;
    fn();
    t_mode = Mode::Serve;
  }
  void count(Mode mode, int delta) {
    if (mode == Mode::Serve) {
      m_counter->serving += delta;
    } else if (mode == Mode::Refuse) {
      m_counter->refusing += delta;
    }
  }

  std::shared_ptr<ConnectionCounter> m_counter;
  std::size_t m_cap;
};

}  // namespace

LimitedServer::LimitedServer(const ConnectionLimits& limits)
    : m_limits(limits), m_counter(std::make_shared<ConnectionCounter>()) {
  new_task_queue = [counter = m_counter, cap = limits.max_connections] {
    return new ConnectionQueue(counter, cap);
  };
  // httplib's default sets SO_REUSEPORT, which lets a second emulator bind the same port and
  // take half the connections. SO_REUSEADDR alone still allows a quick restart (TIME_WAIT).
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  set_payload_max_length(limits.max_body_bytes);
  set_read_timeout(limits.read_timeout_seconds, 0);
  set_write_timeout(limits.write_timeout_seconds, 0);
  set_keep_alive_timeout(limits.idle_timeout_seconds);
}

void LimitedServer::close_after_response() {
  t_close_after = true;
}

bool LimitedServer::request_over_limit() {
  return t_over_limit;
}

std::size_t LimitedServer::open_connections() const {
  std::lock_guard<std::mutex> lock(m_counter->mutex);
  return m_counter->serving;
}

void LimitedServer::raise_backlog() {
  // httplib listens with a backlog of 5: a burst of connects would be dropped (SYN retried
  // after a second) before the accept loop sees them.
  ::listen(svr_sock_, SOMAXCONN);
}

bool LimitedServer::wait_for_request(socket_t sock) const {
  auto deadline = Clock::now() + seconds(m_limits.idle_timeout_seconds);
  return wait_ready(sock, POLLIN, deadline, [this] { return stopping(); }) > 0;
}

bool LimitedServer::process_and_close_socket(socket_t sock) {
  if (t_mode == Mode::Refuse) {
    refuse(sock, m_limits.max_connections);
    return false;
  }
  if (t_mode == Mode::Drop) {
    ::close(sock);
    return false;
  }
  bool ret = false;
  bool linger = false;
  std::function<bool()> stopping = [this] { return this->stopping(); };
  ReadBuffer buffer;
  for (std::size_t left = keep_alive_max_count_; left > 0 && !stopping(); --left) {
    if (buffer.empty() && !wait_for_request(sock)) {
      break;
    }
    DeadlineStream strm(sock, m_limits, buffer, stopping);
    t_close_after = false;
    t_over_limit = false;
    bool closed = false;
    ret = process_request(strm, left == 1, closed, {});
    linger = t_close_after || t_over_limit;
    t_close_after = false;
    t_over_limit = false;
    if (!ret || closed || linger || strm.failed()) {
      break;
    }
  }
  if (linger) {
    lingering_close(sock, milliseconds(2000));
  } else {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
  return ret;
}

}  // namespace emulator
