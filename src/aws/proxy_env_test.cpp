#include "aws/proxy_env.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

HttpUrl url(const std::string& s) {
  return *parse_http_url(s);
}

TEST(NoProxy, MatchesAsCurlDoes) {
  struct Row {
    const char* list;
    const char* host;
    bool match;
  };
  const Row rows[] = {
      {"*", "anything", true},
      {"example.com", "example.com", true},
      {"example.com", "ecs.example.com", true},
      {".example.com", "ecs.example.com", true},
      {"example.com", "badexample.com", false},
      {"localhost, 127.0.0.1", "127.0.0.1", true},
      {"localhost 169.254.169.254", "169.254.169.254", true},
      {"amazonaws.com:443", "ecs.us-east-1.amazonaws.com", true},
      {"[::1]", "::1", true},
      {"10.0.0.1", "10.0.0.10", false},
      {"", "example.com", false},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(no_proxy_matches(row.list, row.host), row.match) << row.list << " / " << row.host;
  }
}

TEST(ProxyFor, PicksTheVariableForTheScheme) {
  util::MapEnv env({{"https_proxy", "http://u:p%3Aw@secure:3128"},
                    {"http_proxy", "plain:8080"},
                    {"no_proxy", "169.254.169.254"}});
  auto https = proxy_for(url("https://ecs.us-east-1.amazonaws.com/"), env);
  ASSERT_TRUE(https.ok());
  ASSERT_TRUE(https->has_value());
  EXPECT_EQ((*https)->url.host, "secure");
  EXPECT_EQ((*https)->authorization, "Basic dTpwOnc=");  // base64("u:p:w")
  auto http = proxy_for(url("http://example.com/"), env);
  ASSERT_TRUE(http.ok() && http->has_value());
  EXPECT_EQ((*http)->url.port, 8080);
  auto exempt = proxy_for(url("http://169.254.169.254/latest"), env);
  ASSERT_TRUE(exempt.ok());
  EXPECT_FALSE(exempt->has_value());
}

TEST(ProxyFor, UppercaseHttpProxyIsIgnoredAllProxyIsNot) {
  util::MapEnv env(std::map<std::string, std::string>{{"HTTP_PROXY", "http://cgi-injected:1"}});
  auto none = proxy_for(url("http://example.com/"), env);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  env.set("ALL_PROXY", "http://all:2");
  auto all = proxy_for(url("http://example.com/"), env);
  ASSERT_TRUE(all.ok() && all->has_value());
  EXPECT_EQ((*all)->url.host, "all");
}

TEST(ProxyFor, AnUnusableProxyNamesItsVariable) {
  util::MapEnv env(std::map<std::string, std::string>{{"HTTPS_PROXY", "https://tls-proxy:443"}});
  auto r = proxy_for(url("https://ecs.us-east-1.amazonaws.com/"), env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "InvalidUrl");
  EXPECT_NE(r.error().message.find("HTTPS_PROXY"), std::string::npos);
}

}  // namespace
}  // namespace aws
