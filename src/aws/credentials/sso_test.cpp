#include "aws/credentials/sso.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"
#include "util/crypto.h"

namespace aws {
namespace {

class SsoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir / ".aws/sso/cache");
    m_env.set("HOME", m_dir.string());
  }

  void cache(const std::string& key, const std::string& expires) {
    std::ofstream(m_dir / ".aws/sso/cache" / (util::sha1_hex(key) + ".json"))
        << R"({"accessToken": "SSOACCESSTOKEN", "expiresAt": ")" << expires
        << R"(", "region": "us-east-1"})";
  }
  util::Result<Credentials> get(const std::string& config_text, const std::string& profile) {
    auto file = parse_config(config_text, "~/.aws/config");
    EXPECT_TRUE(file.ok());
    SharedConfig config(std::move(file).value(), ConfigFile{});
    auto p =
        make_sso_provider(config, profile, *config.profile(profile), m_env, m_transport, m_clock);
    if (!p) {
      return p.take_error();
    }
    return (*p)->get();
  }

  testing_support::TempDir m_temp{"ecsdeploy-sso"};
  const std::filesystem::path m_dir = m_temp.path();
  util::MapEnv m_env;
  testing_support::FakeTransport m_transport;
  testing_support::ManualClock m_clock;  // 2023-11-14
};

constexpr const char* k_config =
    "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\n"
    "sso_role_name = Deployer\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = eu-west-1\n";

// The token cache is read like any other small file: a FIFO there must not block, a deep or
// huge one must not crash; each asks for a new login, naming the file.
TEST_F(SsoTest, AHostileTokenCacheAsksForALoginInsteadOfHanging) {
  const auto path = m_dir / ".aws/sso/cache" / (util::sha1_hex("corp") + ".json");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  auto fifo = get(k_config, "dev");
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.error().code, "SsoLoginRequired");
  EXPECT_NE(fifo.error().message.find("not a regular file"), std::string::npos);
  std::filesystem::remove(path);
  std::ofstream(path) << R"({"accessToken": "t", "expiresAt": "2030-01-01T00:00:00Z", "x": )"
                      << std::string(100000, '[') << std::string(100000, ']') << "}";
  auto deep = get(k_config, "dev");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code, "SsoLoginRequired");
  EXPECT_NE(deep.error().message.find("is not valid"), std::string::npos);
  EXPECT_TRUE(m_transport.requests().empty());
}

TEST_F(SsoTest, ExchangesTheCachedTokenForRoleCredentials) {
  cache("corp", "2030-01-01T00:00:00Z");
  m_transport.push(200, R"({"roleCredentials": {"accessKeyId": "ASIASSO",
      "secretAccessKey": "SSOSECRET", "sessionToken": "SSOTOKEN", "expiration": 1900000000000}})");
  auto c = get(k_config, "dev");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIASSO");
  EXPECT_EQ(c->source, "profile:dev (sso)");
  ASSERT_TRUE(c->expiration.has_value());
  EXPECT_EQ(
      std::chrono::duration_cast<std::chrono::seconds>(c->expiration->time_since_epoch()).count(),
      1900000000);
  const auto& req = m_transport.requests().at(0);
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url,
            "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?role_name=Deployer"
            "&account_id=111122223333");
  EXPECT_EQ(find_header(req.headers, "x-amz-sso_bearer_token"), "SSOACCESSTOKEN");
}

TEST_F(SsoTest, LegacyStartUrlProfileAndEndpointOverride) {
  cache("https://legacy.awsapps.com/start", "2030-01-01T00:00:00UTC");
  m_env.set("AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:9/");
  m_transport.push(200, R"({"roleCredentials": {"accessKeyId": "A", "secretAccessKey": "S",
      "sessionToken": "T", "expiration": 1900000000000}})");
  auto c =
      get("[profile old]\nsso_start_url = https://legacy.awsapps.com/start\n"
          "sso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n",
          "old");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(m_transport.requests().at(0).url.rfind("http://127.0.0.1:9/federation/", 0), 0u);
}

TEST_F(SsoTest, LoginNeededCases) {
  auto none = get(k_config, "dev");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "SsoLoginRequired");
  EXPECT_NE(none.error().message.find("run 'aws sso login --profile dev'"), std::string::npos);

  cache("corp", "2020-01-01T00:00:00Z");
  auto expired = get(k_config, "dev");
  ASSERT_FALSE(expired.ok());
  EXPECT_NE(expired.error().message.find("has expired"), std::string::npos);

  cache("corp", "2030-01-01T00:00:00Z");
  m_transport.push(401, "{}");
  auto rejected = get(k_config, "dev");
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.error().message.find("rejected the cached token"), std::string::npos);
  EXPECT_EQ(rejected.error().describe().find("SSOACCESSTOKEN"), std::string::npos);
}

TEST_F(SsoTest, IncompleteSettings) {
  auto a = get("[profile p]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n", "p");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_NE(a.error().message.find("no [sso-session nope] section"), std::string::npos);
  auto b = get("[profile p]\nsso_start_url = u\nsso_region = r\nsso_account_id = 1\n", "p");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("needs both sso_account_id and sso_role_name"),
            std::string::npos);
}

}  // namespace
}  // namespace aws
