#include "aws/socket_transport.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "support/flaky_server.h"
#include "util/clock.h"

namespace aws {
namespace {

using testing_support::FlakyServer;
using Action = FlakyServer::Action;
using util::ErrorKind;

std::unique_ptr<HttpTransport> transport() {
  TransportOptions options;
  options.user_agent = "ecsdeploy/test";
  return make_socket_transport(options);
}

HttpRequest post(const std::string& url, std::string body = "{}") {
  HttpRequest r;
  r.url = url;
  r.body = std::move(body);
  r.timeout = std::chrono::milliseconds(5000);
  return r;
}

// A port nothing listens on: bound once, then closed.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return bound ? ntohs(addr.sin_port) : 1;  // port 1: nothing listens there either
}

TEST(SocketTransportTest, RoundTripsHeadersAndBody) {
  FlakyServer server;
  server.push({Action::Respond,
               400,
               {{"x-amzn-RequestId", "rid-1"}, {"X-Amzn-ErrorType", "ClientException"}},
               R"({"__type":"ClientException"})"});
  auto t = transport();
  HttpRequest r = post(server.url("/?x=1"), R"({"cluster":"prod"})");
  set_header(r.headers, "Content-Type", "application/x-amz-json-1.1");
  set_header(r.headers, "X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListServices");
  set_header(r.headers, "X-Empty", "");
  auto resp = t->send(r);
  ASSERT_TRUE(resp.ok()) << resp.error().describe();
  EXPECT_EQ(resp->status, 400);  // any status is a transport success
  EXPECT_EQ(resp->body, R"({"__type":"ClientException"})");
  EXPECT_EQ(find_header(resp->headers, "X-AMZN-REQUESTID"), "rid-1");
  EXPECT_EQ(find_header(resp->headers, "x-amzn-errortype"), "ClientException");

  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/?x=1");
  EXPECT_EQ(seen[0].body, R"({"cluster":"prod"})");
  EXPECT_EQ(find_header(seen[0].headers, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(find_header(seen[0].headers, "X-Amz-Target"),
            "AmazonEC2ContainerServiceV20141113.ListServices");
  EXPECT_EQ(find_header(seen[0].headers, "X-Empty"), "");
  EXPECT_EQ(find_header(seen[0].headers, "User-Agent"), "ecsdeploy/test");
  EXPECT_FALSE(find_header(seen[0].headers, "Expect").has_value());
}

TEST(SocketTransportTest, SendsOnlyTheGivenContentTypeAndOwnUserAgent) {
  FlakyServer server;
  auto t = transport();
  HttpRequest r = post(server.url(), "a=b");
  set_header(r.headers, "User-Agent", "custom/1");
  ASSERT_TRUE(t->send(r).ok());
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_FALSE(find_header(seen[0].headers, "Content-Type").has_value());
  EXPECT_EQ(find_header(seen[0].headers, "User-Agent"), "custom/1");
}

TEST(SocketTransportTest, MethodsGetAndPut) {
  FlakyServer server;
  auto t = transport();
  HttpRequest get = post(server.url("/latest/meta-data/"), "");
  get.method = "GET";
  HttpRequest put = post(server.url("/latest/api/token"), "");
  put.method = "PUT";
  set_header(put.headers, "X-aws-ec2-metadata-token-ttl-seconds", "21600");
  ASSERT_TRUE(t->send(get).ok());
  auto put_resp = t->send(put);
  ASSERT_TRUE(put_resp.ok());
  EXPECT_EQ(put_resp->body, "ok");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[1].method, "PUT");
  EXPECT_EQ(find_header(seen[1].headers, "Content-Length"), "0");
}

TEST(SocketTransportTest, ReusesOneConnectionForSequentialRequests) {
  FlakyServer server;
  auto t = transport();
  for (int i = 0; i < 4; ++i) {
    auto resp = t->send(post(server.url()));
    ASSERT_TRUE(resp.ok()) << resp.error().describe();
    EXPECT_EQ(resp->status, 200);
  }
  EXPECT_EQ(server.connections(), 1);
  for (const auto& seen : server.requests()) {
    EXPECT_EQ(seen.connection, 1);
  }
}

TEST(SocketTransportTest, ConcurrentCallsEachGetAHandle) {
  FlakyServer server;
  auto t = transport();
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 3; ++j) {
        auto resp = t->send(post(server.url()));
        if (resp.ok() && resp->status == 200) {
          ++ok;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(ok.load(), 12);
  EXPECT_EQ(server.requests().size(), 12u);
  EXPECT_LE(server.connections(), 12);
}

TEST(SocketTransportTest, TimeoutIsTimeoutKind) {
  FlakyServer server;
  server.push({Action::Hang});
  auto t = transport();
  HttpRequest r = post(server.url("/slow?secret=x"));
  r.timeout = std::chrono::milliseconds(200);
  auto resp = t->send(r);
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().kind, ErrorKind::Timeout);
  EXPECT_EQ(resp.error().code, "Timeout");
  EXPECT_NE(resp.error().message.find("POST http://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(resp.error().message.find("secret"), std::string::npos);  // no query in messages
  EXPECT_EQ(resp.error().http_status, 0);
}

TEST(SocketTransportTest, ClosedPortIsConnectionRefused) {
  auto t = transport();
  auto resp = t->send(post("http://127.0.0.1:" + std::to_string(closed_port()) + "/"));
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().kind, ErrorKind::Network);
  EXPECT_EQ(resp.error().code, "ConnectionRefused");
}

TEST(SocketTransportTest, FaultsMapToTransportCodes) {
  struct Row {
    Action action;
    const char* code;
  };
  const Row rows[] = {
      {Action::Reset, "ConnectionReset"},
      {Action::CloseWithoutResponse, "ConnectionReset"},
      {Action::PartialBody, "PartialResponse"},
  };
  for (const auto& row : rows) {
    FlakyServer server;
    server.push({row.action, 200, {}, "{\"partial\":"});
    auto t = transport();
    auto resp = t->send(post(server.url()));
    ASSERT_FALSE(resp.ok()) << row.code;
    EXPECT_EQ(resp.error().kind, ErrorKind::Network) << row.code;
    EXPECT_EQ(resp.error().code, row.code) << resp.error().message;
    // The same transport (and handle) recovers on the next request.
    auto again = t->send(post(server.url()));
    ASSERT_TRUE(again.ok()) << again.error().describe();
    EXPECT_EQ(again->body, "ok");
  }
}

// An endpoint that answers HTTP/0.9, another protocol or garbage is a network fault (exit 1,
// 3 in preflight), not an invalid URL (exit 2): the URL was fine.
TEST(SocketTransportTest, NonHttpAnswersAreNetworkErrors) {
  const char* answers[] = {
      "garbage\r\n\r\n",                     // HTTP/0.9 to curl
      "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",  // another protocol
      "HTTP/1.1 abc\r\n\r\n",                // a broken status line
  };
  for (const char* answer : answers) {
    FlakyServer server;
    server.push({Action::Raw, 200, {}, answer});
    auto t = transport();
    auto resp = t->send(post(server.url()));
    ASSERT_FALSE(resp.ok()) << answer;
    EXPECT_EQ(resp.error().kind, ErrorKind::Network) << answer << ": " << resp.error().describe();
    EXPECT_EQ(resp.error().code, "BadResponse") << answer << ": " << resp.error().describe();
  }
}

TEST(SocketTransportTest, ChunkedAndReadToCloseBodies) {
  const char* answers[] = {
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{}",
  };
  for (const char* answer : answers) {
    FlakyServer server;
    server.push({Action::Raw, 200, {}, answer});
    auto resp = transport()->send(post(server.url()));
    ASSERT_TRUE(resp.ok()) << answer << ": " << resp.error().describe();
    EXPECT_EQ(resp->body, "{}") << answer;
  }
}

// A kept-alive connection the server has closed meanwhile: the request goes once more, on a
// fresh connection, and the caller sees only the answer.
TEST(SocketTransportTest, StalePooledConnectionIsRetriedOnAFreshOne) {
  FlakyServer server;
  server.push({Action::Respond, 200, {}, "first"});
  server.push({Action::CloseWithoutResponse});
  server.push({Action::Respond, 200, {}, "second"});
  auto t = transport();
  auto one = t->send(post(server.url()));
  auto two = t->send(post(server.url()));
  ASSERT_TRUE(one.ok() && two.ok()) << (two.ok() ? "" : two.error().describe());
  EXPECT_EQ(two->body, "second");
  EXPECT_EQ(server.connections(), 2);
}

TEST(SocketTransportTest, UnresolvableHostIsDnsFailure) {
  auto resp = transport()->send(post("http://ecsdeploy-test.invalid/"));
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().kind, ErrorKind::Network);
  EXPECT_EQ(resp.error().code, "DnsFailure") << resp.error().message;
}

TEST(SocketTransportTest, OnlyHttpAndHttpsUrls) {
  auto t = transport();
  auto resp = t->send(post("file:///etc/passwd"));
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().kind, ErrorKind::InvalidInput);
  EXPECT_EQ(resp.error().code, "InvalidUrl");
}

TEST(SocketTransportTest, BadCaBundleIsATlsError) {
  FlakyServer server;
  TransportOptions options;
  options.cas.file = "/nonexistent/ca-bundle.pem";
  auto t = make_socket_transport(options);
  auto resp = t->send(post("https://127.0.0.1:" + std::to_string(server.port()) + "/"));
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().code, "TlsError") << resp.error().message;
  EXPECT_NE(resp.error().message.find("/nonexistent/ca-bundle.pem"), std::string::npos);
}

TEST(SocketTransportTest, InterruptAbortsTheTransfer) {
  FlakyServer server;
  server.push({Action::Hang});
  auto t = transport();
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    util::request_interrupt();
  });
  auto resp = t->send(post(server.url()));
  interrupter.join();
  util::reset_interrupt_for_tests();
  ASSERT_FALSE(resp.ok());
  EXPECT_EQ(resp.error().kind, ErrorKind::Cancelled);
}

// Proxies from the environment, as curl reads them: http_proxy routes the request through the proxy
// (absolute-form target), no_proxy exempts a host.
TEST(SocketTransportTest, HonoursProxyEnvironment) {
  FlakyServer proxy;
  FlakyServer direct;
  auto t = transport();
  ::setenv("http_proxy", proxy.url().c_str(), 1);
  auto via_proxy = t->send(post("http://ecs.example.invalid/"));
  ::setenv("no_proxy", "127.0.0.1", 1);
  auto exempt = t->send(post(direct.url()));
  ::unsetenv("http_proxy");
  ::unsetenv("no_proxy");
  ASSERT_TRUE(via_proxy.ok()) << via_proxy.error().describe();
  ASSERT_TRUE(exempt.ok()) << exempt.error().describe();
  ASSERT_EQ(proxy.requests().size(), 1u);
  EXPECT_EQ(proxy.requests()[0].target, "http://ecs.example.invalid/");
  EXPECT_EQ(direct.requests().size(), 1u);
}

}  // namespace
}  // namespace aws
