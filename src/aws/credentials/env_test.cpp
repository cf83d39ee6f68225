#include "aws/credentials/env.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

TEST(EnvCredentials, ReadsKeysTokenAndExpiration) {
  util::MapEnv env({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                    {"AWS_SECRET_ACCESS_KEY", "secret-value"},
                    {"AWS_SESSION_TOKEN", "token-value"},
                    {"AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z"}});
  auto c = credentials_from_env(env);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(c->secret_access_key, "secret-value");
  EXPECT_EQ(c->session_token, "token-value");
  ASSERT_TRUE(c->expiration.has_value());
  EXPECT_EQ(
      std::chrono::duration_cast<std::chrono::seconds>(c->expiration->time_since_epoch()).count(),
      1893553445);
  EXPECT_EQ(c->source, "env");
}

TEST(EnvCredentials, NotConfiguredWithoutKeyId) {
  util::MapEnv env;
  env.set("AWS_ACCESS_KEY_ID", "");
  auto c = credentials_from_env(env);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(is_not_configured(c.error()));
  EXPECT_EQ(c.error().message, "AWS_ACCESS_KEY_ID not set");
}

TEST(EnvCredentials, HalfAPairIsAnErrorThatStopsTheChain) {
  util::MapEnv env;
  env.set("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
  auto c = credentials_from_env(env);
  ASSERT_FALSE(c.ok());
  EXPECT_FALSE(is_not_configured(c.error()));
  EXPECT_EQ(c.error().kind, util::ErrorKind::Credentials);
  EXPECT_NE(c.error().message.find("AWS_SECRET_ACCESS_KEY is not"), std::string::npos);
}

TEST(EnvCredentials, BadExpirationIsAnError) {
  util::MapEnv env({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                    {"AWS_SECRET_ACCESS_KEY", "secret-value"},
                    {"AWS_CREDENTIAL_EXPIRATION", "tomorrow"}});
  auto c = credentials_from_env(env);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("AWS_CREDENTIAL_EXPIRATION"), std::string::npos);
}

TEST(EnvCredentials, ProviderSnapshotsTheEnvironment) {
  util::MapEnv env({{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  EnvProvider p(env);
  env.unset("AWS_ACCESS_KEY_ID");
  ASSERT_TRUE(p.get().ok());
}

}  // namespace
}  // namespace aws
