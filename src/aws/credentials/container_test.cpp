#include "aws/credentials/container.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"

namespace aws {
namespace {

constexpr const char* k_body =
    R"({"AccessKeyId": "ASIACONT", "SecretAccessKey": "CONTSECRETwJalr", "Token": "CONTTOKEN",
        "Expiration": "2030-01-01T00:00:00Z", "RoleArn": "arn:aws:iam::1:role/task"})";

TEST(ContainerCredentials, RelativeUriGoesToTheEcsAgent) {
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  testing_support::FakeTransport t;
  t.push(200, k_body);
  ContainerProvider p(env, t);
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIACONT");
  EXPECT_EQ(c->session_token, "CONTTOKEN");
  EXPECT_TRUE(c->expiration.has_value());
  EXPECT_EQ(c->source, "container");
  ASSERT_EQ(t.requests().size(), 1u);
  EXPECT_EQ(t.requests()[0].method, "GET");
  EXPECT_EQ(t.requests()[0].url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_FALSE(find_header(t.requests()[0].headers, "Authorization").has_value());
}

TEST(ContainerCredentials, FullUriWithTokenFromFilePreferredOverVariable) {
  const testing_support::TempDir dir("ecsdeploy-cont-token");
  const auto file = dir.path() / "token";
  std::ofstream(file) << "file-token\n";
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:51679/creds");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "var-token");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.string());
  testing_support::FakeTransport t;
  t.push(200, k_body);
  ContainerProvider p(env, t);
  ASSERT_TRUE(p.get().ok());
  EXPECT_EQ(t.requests()[0].url, "http://127.0.0.1:51679/creds");
  EXPECT_EQ(find_header(t.requests()[0].headers, "Authorization"), "file-token");
  std::filesystem::remove(file);
  auto gone = p.get();
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.error().message.find("container authorization token file"), std::string::npos);
}

TEST(ContainerCredentials, TokenFromVariable) {
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://localhost/creds");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "var-token");
  testing_support::FakeTransport t;
  t.push(200, k_body);
  ContainerProvider p(env, t);
  ASSERT_TRUE(p.get().ok());
  EXPECT_EQ(find_header(t.requests()[0].headers, "Authorization"), "var-token");
}

TEST(ContainerCredentials, AllowedFullUris) {
  struct Case {
    const char* url;
    bool allowed;
  };
  const Case cases[] = {
      {"http://127.0.0.1/x", true},
      {"http://127.1.2.3:8080/x", true},
      {"http://localhost:1/x", true},
      {"http://[::1]:80/x", true},
      {"http://169.254.170.2/x", true},
      {"http://169.254.170.23/v1/credentials", true},
      {"http://[fd00:ec2::23]/x", true},
      {"https://creds.example.com/x", true},
      {"http://creds.example.com/x", false},
      {"http://10.0.0.1/x", false},
      {"http://127.0.0.1.evil.com/x", false},
      {"ftp://127.0.0.1/x", false},
      {"127.0.0.1/x", false},
      {"http://user@evil.com/x", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(container_uri_allowed(c.url), c.allowed) << c.url;
  }
}

TEST(ContainerCredentials, States) {
  testing_support::FakeTransport t;
  util::MapEnv none;
  auto a = ContainerProvider(none, t).get();
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(is_not_configured(a.error()));

  util::MapEnv bad;
  bad.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/creds");
  auto b = ContainerProvider(bad, t).get();
  ASSERT_FALSE(b.ok());
  EXPECT_FALSE(is_not_configured(b.error()));
  EXPECT_NE(b.error().message.find("must be https"), std::string::npos);
  EXPECT_TRUE(t.requests().empty());
}

TEST(ContainerCredentials, RetriesOnceThenReportsTheEndpoint) {
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  testing_support::FakeTransport t;
  t.push(500, "busy");
  t.push(200, k_body);
  ASSERT_TRUE(ContainerProvider(env, t).get().ok());

  t.push_error(util::make_error(util::ErrorKind::Timeout, "timed out", "Timeout"));
  t.push_error(util::make_error(util::ErrorKind::Timeout, "timed out", "Timeout"));
  auto e = ContainerProvider(env, t).get();
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, util::ErrorKind::Timeout);
  EXPECT_NE(e.error().message.find("http://169.254.170.2/creds"), std::string::npos);

  t.push(403, "denied");
  auto f = ContainerProvider(env, t).get();
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().http_status, 403);
  EXPECT_EQ(t.requests().size(), 5u);
}

TEST(ContainerCredentials, MalformedBodies) {
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  testing_support::FakeTransport t;
  const char* bodies[] = {
      "CONTSECRETwJalr not json",
      R"({"AccessKeyId": "A", "Token": "CONTSECRETwJalr"})",
      R"({"AccessKeyId": "A", "SecretAccessKey": "CONTSECRETwJalr", "Expiration": "x"})",
  };
  for (const char* body : bodies) {
    t.push(200, body);
    auto r = ContainerProvider(env, t).get();
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().kind, util::ErrorKind::ProtocolError);
    EXPECT_EQ(r.error().describe().find("CONTSECRET"), std::string::npos);
  }
}

}  // namespace
}  // namespace aws
