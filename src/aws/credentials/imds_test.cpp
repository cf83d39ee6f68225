#include "aws/credentials/imds.h"

#include <gtest/gtest.h>

#include "support/fake_transport.h"

namespace aws {
namespace {

constexpr const char* k_role_doc =
    R"({"Code": "Success", "LastUpdated": "2026-01-01T00:00:00Z", "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "IMDSSECRETwJalr", "Token": "IMDSTOKEN",
        "Expiration": "2030-01-01T00:00:00Z"})";

util::MapEnv imds_env() {
  util::MapEnv env;
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/");
  return env;
}

TEST(Imds, TokenThenRoleThenCredentials) {
  testing_support::FakeTransport t;
  t.push(200, "imds-session-token");
  t.push(200, "deploy-role\n");
  t.push(200, k_role_doc);
  auto env = imds_env();
  ImdsProvider p(env, t);
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAIMDS");
  EXPECT_EQ(c->source, "imds");
  ASSERT_EQ(t.requests().size(), 3u);
  const auto& put = t.requests()[0];
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.url, "http://127.0.0.1:9/latest/api/token");
  EXPECT_EQ(find_header(put.headers, "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(put.timeout, std::chrono::milliseconds(1000));
  EXPECT_EQ(put.connect_timeout, std::chrono::milliseconds(1000));
  EXPECT_EQ(t.requests()[1].url, "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(t.requests()[2].url,
            "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/deploy-role");
  for (size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(t.requests()[i].method, "GET");
    EXPECT_EQ(find_header(t.requests()[i].headers, "x-aws-ec2-metadata-token"),
              "imds-session-token");
  }
}

TEST(Imds, DefaultEndpointAndDisabled) {
  testing_support::FakeTransport t;
  t.push_error(util::make_error(util::ErrorKind::Timeout, "timed out", "Timeout"));
  util::MapEnv env;
  auto a = ImdsProvider(env, t).get();
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(is_not_configured(a.error()));
  EXPECT_EQ(t.requests()[0].url, "http://169.254.169.254/latest/api/token");
  EXPECT_NE(a.error().message.find("no instance metadata service at http://169.254.169.254"),
            std::string::npos);

  env.set("AWS_EC2_METADATA_DISABLED", "TRUE");
  auto b = ImdsProvider(env, t).get();
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(is_not_configured(b.error()));
  EXPECT_EQ(b.error().message, "disabled by AWS_EC2_METADATA_DISABLED");
  EXPECT_EQ(t.requests().size(), 1u);
}

TEST(Imds, FallsBackToV1WhenTheTokenApiIsMissing) {
  testing_support::FakeTransport t;
  t.push(404, "");
  t.push(200, "r");
  t.push(200, k_role_doc);
  auto env = imds_env();
  ASSERT_TRUE(ImdsProvider(env, t).get().ok());
  EXPECT_FALSE(find_header(t.requests()[1].headers, "x-aws-ec2-metadata-token").has_value());

  env.set("AWS_EC2_METADATA_V1_DISABLED", "true");
  t.push(404, "");
  auto r = ImdsProvider(env, t).get();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(is_not_configured(r.error()));
}

TEST(Imds, NoRoleAttachedIsNotConfigured) {
  testing_support::FakeTransport t;
  t.push(200, "tok");
  t.push(404, "");
  auto env = imds_env();
  auto r = ImdsProvider(env, t).get();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(is_not_configured(r.error()));
  EXPECT_EQ(r.error().message, "no IAM role is attached to this instance");
}

TEST(Imds, FailuresAfterTheServiceAnsweredAreErrors) {
  testing_support::FakeTransport t;
  auto env = imds_env();
  t.push(200, "tok");
  t.push(200, "role");
  t.push(500, "");
  auto a = ImdsProvider(env, t).get();
  ASSERT_FALSE(a.ok());
  EXPECT_FALSE(is_not_configured(a.error()));

  t.push(200, "tok");
  t.push(200, "role");
  t.push(200, R"({"Code": "AssumeRoleUnauthorizedAccess", "Message": "x"})");
  auto b = ImdsProvider(env, t).get();
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("AssumeRoleUnauthorizedAccess"), std::string::npos);
}

}  // namespace
}  // namespace aws
