#include "aws/http_url.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

TEST(ParseHttpUrl, Splits) {
  struct Row {
    const char* url;
    bool tls;
    const char* host;
    int port;
    const char* authority;
    const char* target;
  };
  const Row rows[] = {
      {"https://ecs.us-east-1.amazonaws.com", true, "ecs.us-east-1.amazonaws.com", 443,
       "ecs.us-east-1.amazonaws.com", "/"},
      {"http://127.0.0.1:4566/p/q?x=1#frag", false, "127.0.0.1", 4566, "127.0.0.1:4566",
       "/p/q?x=1"},
      {"HTTP://Example.COM?x", false, "example.com", 80, "example.com", "/?x"},
      {"http://[::1]:8080/", false, "::1", 8080, "[::1]:8080", "/"},
      {"https://[fd00::1]/latest", true, "fd00::1", 443, "[fd00::1]", "/latest"},
  };
  for (const auto& row : rows) {
    auto u = parse_http_url(row.url);
    ASSERT_TRUE(u.ok()) << row.url << ": " << u.error().message;
    EXPECT_EQ(u->tls, row.tls) << row.url;
    EXPECT_EQ(u->host, row.host) << row.url;
    EXPECT_EQ(u->port, row.port) << row.url;
    EXPECT_EQ(u->authority, row.authority) << row.url;
    EXPECT_EQ(u->target, row.target) << row.url;
  }
}

TEST(ParseHttpUrl, Refuses) {
  for (const char* bad :
       {"file:///etc/passwd", "ecs.amazonaws.com", "http://", "http://:80/", "http://h:0/",
        "http://h:99999/", "http://h:1x/", "http://[::1/", "http://user:pw@h/"}) {
    auto u = parse_http_url(bad);
    ASSERT_FALSE(u.ok()) << bad;
    EXPECT_EQ(u.error().code, "InvalidUrl") << bad;
    EXPECT_EQ(u.error().message.find("pw@"), std::string::npos) << bad;
  }
}

TEST(ParseProxyUrl, TakesUserInfoAndABareHost) {
  std::string userinfo;
  auto u = parse_proxy_url("http://me:p%40ss@proxy.corp:3128", userinfo);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "proxy.corp");
  EXPECT_EQ(u->port, 3128);
  EXPECT_EQ(userinfo, "me:p%40ss");
  auto bare = parse_proxy_url("proxy.corp:8080", userinfo);
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(bare->tls);
  EXPECT_EQ(bare->port, 8080);
  EXPECT_TRUE(userinfo.empty());
}

}  // namespace
}  // namespace aws
