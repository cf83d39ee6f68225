#include "aws/session.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"
#include "support/local_http_server.h"
#include "support/manual_clock.h"

namespace aws {
namespace {

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir / ".aws");
    m_env.set("HOME", m_dir.string());
  }

  util::Result<Session> make(const SessionOptions& options = {}) {
    auto t = std::make_unique<testing_support::FakeTransport>();
    m_fake = t.get();
    return make_session(options, m_env, m_clock, std::move(t));
  }

  testing_support::TempDir m_temp{"ecsdeploy-session"};
  const std::filesystem::path m_dir = m_temp.path();
  util::MapEnv m_env;
  testing_support::ManualClock m_clock;
  testing_support::FakeTransport* m_fake = nullptr;
};

TEST_F(SessionTest, ResolvesEverythingWithoutTouchingTheNetwork) {
  m_env.set("AWS_REGION", "eu-west-1");
  m_env.set("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:4566");
  m_env.set("AWS_MAX_ATTEMPTS", "7");
  auto s = make();
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->region, "eu-west-1");
  EXPECT_EQ(s->profile, "default");
  const ClientConfig& cc = s->client->config();
  EXPECT_EQ(cc.region, "eu-west-1");
  EXPECT_EQ(cc.max_attempts, 7);
  EXPECT_EQ(cc.endpoints.at(Service::Ecs), "http://127.0.0.1:4566");
  EXPECT_EQ(cc.endpoints.at(Service::Ecr), "https://api.ecr.eu-west-1.amazonaws.com");
  EXPECT_EQ(cc.endpoints.at(Service::Logs), "https://logs.eu-west-1.amazonaws.com");
  EXPECT_EQ(cc.endpoints.at(Service::Sts), "https://sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(cc.endpoints.at(Service::ApplicationAutoScaling),
            "https://application-autoscaling.eu-west-1.amazonaws.com");
  EXPECT_EQ(s->endpoint_origins.at(Service::Ecs), "AWS_ENDPOINT_URL_ECS");
  EXPECT_EQ(s->endpoint_origins.at(Service::Sts), "default");
  // Default endpoints follow a call made for another region; the override does not.
  EXPECT_EQ(cc.regional_endpoints.count(Service::Ecr), 1u);
  EXPECT_EQ(cc.regional_endpoints.count(Service::Ecs), 0u);
  EXPECT_TRUE(m_fake->requests().empty());
}

TEST_F(SessionTest, ProfileSuppliesRegionEndpointsAndCredentials) {
  std::ofstream(m_dir / ".aws/config")
      << "[profile dev]\nregion = ap-northeast-1\nendpoint_url = http://127.0.0.1:5000\n"
         "max_attempts = 2\n";
  std::ofstream(m_dir / ".aws/credentials")
      << "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n";
  m_env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  m_env.set("AWS_SECRET_ACCESS_KEY", "s");
  SessionOptions o;
  o.profile = "dev";
  auto s = make(o);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(s->region, "ap-northeast-1");
  EXPECT_EQ(s->profile, "dev");
  EXPECT_EQ(s->client->config().max_attempts, 2);
  EXPECT_EQ(s->client->config().endpoints.at(Service::Ecs), "http://127.0.0.1:5000");
  auto c = s->credentials->get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->source, "profile:dev");  // --profile beats the exported keys
}

TEST_F(SessionTest, SignedCallUsesTheChain) {
  m_env.set("AWS_REGION", "us-east-1");
  m_env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  m_env.set("AWS_SECRET_ACCESS_KEY", "s");
  auto s = make();
  ASSERT_TRUE(s.ok()) << s.error().describe();
  m_fake->push(200,
               "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012"
               "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
  auto r = s->client->call_query(Service::Sts, "GetCallerIdentity", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  auto auth = find_header(m_fake->requests().at(0).headers, "Authorization").value_or("");
  EXPECT_NE(auth.find("Credential=AKIDENV/"), std::string::npos) << auth;
}

TEST_F(SessionTest, RetryModes) {
  m_env.set("AWS_REGION", "us-east-1");
  auto standard = make();
  ASSERT_TRUE(standard.ok()) << standard.error().describe();
  EXPECT_FALSE(standard->client->config().retry.adaptive);
  ASSERT_NE(standard->client->rate_limiter(), nullptr);  // the published buckets pace anyway
  EXPECT_FALSE(standard->client->rate_limiter()->adaptive());

  SessionOptions fleet;
  fleet.default_retry_mode = "adaptive";
  auto adaptive = make(fleet);
  ASSERT_TRUE(adaptive.ok());
  EXPECT_TRUE(adaptive->client->rate_limiter()->adaptive());

  m_env.set("AWS_RETRY_MODE", "standard");  // the user's choice beats the fleet's default
  auto chosen = make(fleet);
  ASSERT_TRUE(chosen.ok());
  EXPECT_FALSE(chosen->client->rate_limiter()->adaptive());

  m_env.set("AWS_RETRY_MODE", "Adaptive");
  auto env = make();
  ASSERT_TRUE(env.ok());
  EXPECT_TRUE(env->client->config().retry.adaptive);
}

TEST_F(SessionTest, InvalidInputErrors) {
  struct Case {
    const char* what;
    std::map<std::string, std::string> env;
    SessionOptions options;
    const char* config;
    std::string expected;
  };
  SessionOptions empty_region;
  empty_region.region = "";
  SessionOptions ghost;
  ghost.profile = "ghost";
  SessionOptions bad_url;
  bad_url.endpoint_url = "localhost:4566";
  const Case cases[] = {
      {"no region", {}, {}, "", "no region: pass --region or set AWS_REGION"},
      {"empty --region", {{"AWS_REGION", "us-east-1"}}, empty_region, "", "--region is empty"},
      {"unknown --profile",
       {{"AWS_REGION", "us-east-1"}},
       ghost,
       "",
       "profile 'ghost' (from --profile) not found in ~/.aws/credentials or ~/.aws/config"},
      {"unknown AWS_PROFILE",
       {{"AWS_REGION", "us-east-1"}, {"AWS_PROFILE", "ghost"}},
       {},
       "",
       "profile 'ghost' (from AWS_PROFILE) not found"},
      {"bad --endpoint-url", {{"AWS_REGION", "us-east-1"}}, bad_url, "", "--endpoint-url: "},
      {"bad AWS_ENDPOINT_URL",
       {{"AWS_REGION", "us-east-1"}, {"AWS_ENDPOINT_URL", "ftp://x"}},
       {},
       "",
       "AWS_ENDPOINT_URL: "},
      {"bad AWS_MAX_ATTEMPTS",
       {{"AWS_REGION", "us-east-1"}, {"AWS_MAX_ATTEMPTS", "0"}},
       {},
       "",
       "AWS_MAX_ATTEMPTS must be a whole number from 1 to 999"},
      {"bad AWS_RETRY_MODE",
       {{"AWS_REGION", "us-east-1"}, {"AWS_RETRY_MODE", "turbo"}},
       {},
       "",
       "retry mode 'turbo' is not one of standard, adaptive, legacy"},
      {"malformed config",
       {{"AWS_REGION", "us-east-1"}},
       {},
       "[default]\njunk line\n",
       "~/.aws/config:2: expected '[section]' or 'key = value'"},
  };
  for (const auto& c : cases) {
    std::ofstream(m_dir / ".aws/config") << c.config;
    m_env = util::MapEnv(c.env);
    m_env.set("HOME", m_dir.string());
    auto s = make(c.options);
    ASSERT_FALSE(s.ok()) << c.what;
    EXPECT_EQ(s.error().kind, util::ErrorKind::InvalidInput) << c.what;
    EXPECT_NE(s.error().message.find(c.expected), std::string::npos)
        << c.what << ": " << s.error().message;
  }
}

// The whole path over real HTTP: curl transport → local server acting as STS. Web identity
// (unsigned AssumeRoleWithWebIdentity) yields keys that then sign GetCallerIdentity.
TEST_F(SessionTest, WebIdentityOverRealHttp) {
  std::vector<std::string> actions;
  testing_support::LocalHttpServer server([&](const testing_support::CapturedRequest& r) {
    HttpResponse resp;
    resp.status = 200;
    resp.headers = {{"Content-Type", "text/xml"}};
    if (r.body.find("Action=AssumeRoleWithWebIdentity") != std::string::npos) {
      resp.body =
          "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
          "<AccessKeyId>ASIAWEBID</AccessKeyId><SecretAccessKey>WEBSECRET</SecretAccessKey>"
          "<SessionToken>WEBTOKEN</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>"
          "</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
    } else {
      resp.body =
          "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:sts::1:x</Arn>"
          "</GetCallerIdentityResult></GetCallerIdentityResponse>";
    }
    return resp;
  });
  std::ofstream(m_dir / "token") << "header.payload.sig";
  m_env.set("AWS_REGION", "us-east-1");
  m_env.set("AWS_ENDPOINT_URL", server.url());
  m_env.set("AWS_WEB_IDENTITY_TOKEN_FILE", (m_dir / "token").string());
  m_env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/gha");
  m_env.set("AWS_EC2_METADATA_DISABLED", "true");
  testing_support::ManualClock clock{std::chrono::system_clock::now()};
  auto s = make_session({}, m_env, clock);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  auto r = s->client->call_query(Service::Sts, "GetCallerIdentity", {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_FALSE(find_header(reqs[0].headers, "Authorization").has_value());
  EXPECT_NE(reqs[0].body.find("WebIdentityToken=header.payload.sig"), std::string::npos);
  auto auth = find_header(reqs[1].headers, "Authorization").value_or("");
  EXPECT_NE(auth.find("Credential=ASIAWEBID/"), std::string::npos) << auth;
  EXPECT_EQ(find_header(reqs[1].headers, "X-Amz-Security-Token"), "WEBTOKEN");
  EXPECT_EQ(s->credentials->get()->source, "web-identity");
}

}  // namespace
}  // namespace aws
