#include "aws/credentials/default_chain.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"

namespace aws {
namespace {

using namespace std::chrono_literals;

// Serves container, IMDS and STS requests by URL; counts them.
class World {
 public:
  explicit World(testing_support::ManualClock& clock) : m_clock(clock) {
    m_transport.set_handler([this](const HttpRequest& r) -> util::Result<HttpResponse> {
      HttpResponse resp;
      resp.status = 200;
      if (r.url.find("169.254.170.2") != std::string::npos) {
        resp.body = metadata_doc("ASIACONT");
      } else if (r.url.find("/latest/api/token") != std::string::npos) {
        resp.body = "imds-token";
      } else if (r.url.ends_with("/security-credentials/")) {
        resp.body = "role";
      } else if (r.url.ends_with("/security-credentials/role")) {
        resp.body = metadata_doc("ASIAIMDS");
      } else if (r.url.find("sts.") != std::string::npos) {
        resp.body =
            "<R><Credentials><AccessKeyId>ASIASTS</AccessKeyId><SecretAccessKey>s"
            "</SecretAccessKey><SessionToken>t</SessionToken><Expiration>"
            "2030-01-01T00:00:00Z</Expiration></Credentials></R>";
      } else {
        return util::make_error(util::ErrorKind::Timeout, "timed out", "Timeout");
      }
      return resp;
    });
  }
  std::string metadata_doc(const std::string& key) {
    // Valid for one hour from the (manual) clock's now.
    auto exp =
        std::chrono::duration_cast<std::chrono::seconds>((m_clock.now() + 1h).time_since_epoch())
            .count();
    std::time_t t = static_cast<std::time_t>(exp);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return R"({"AccessKeyId": ")" + key + R"(", "SecretAccessKey": "s", "Token": "t", )" +
           R"("Expiration": ")" + buf + "\"}";
  }
  testing_support::FakeTransport m_transport;
  testing_support::ManualClock& m_clock;
};

class DefaultChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir / ".aws");
    m_token = m_dir / "token";
    std::ofstream(m_token) << "jwt";
    std::ofstream(m_dir / ".aws/credentials")
        << "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n"
           "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n";
  }

  std::unique_ptr<CredentialsProvider> chain(util::MapEnv env, const std::string& profile,
                                             bool explicit_profile) {
    env.set("HOME", m_dir.string());
    auto config = SharedConfig::load(env);
    EXPECT_TRUE(config.ok());
    StsTarget sts{&m_world.m_transport, &m_clock, "https://sts.us-east-1.amazonaws.com",
                  "us-east-1"};
    return make_default_chain(*config, {profile, explicit_profile}, env, m_world.m_transport, sts);
  }

  testing_support::TempDir m_temp{"ecsdeploy-chain"};
  const std::filesystem::path m_dir = m_temp.path();
  std::filesystem::path m_token;
  testing_support::ManualClock m_clock;
  World m_world{m_clock};
};

TEST_F(DefaultChainTest, OrderTable) {
  const std::map<std::string, std::string> keys = {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                   {"AWS_SECRET_ACCESS_KEY", "s"}};
  const std::map<std::string, std::string> web = {{"AWS_WEB_IDENTITY_TOKEN_FILE", m_token.string()},
                                                  {"AWS_ROLE_ARN", "arn:aws:iam::1:role/r"}};
  const std::map<std::string, std::string> container = {
      {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}};
  const std::map<std::string, std::string> imds = {
      {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"}};
  auto merge = [](std::initializer_list<std::map<std::string, std::string>> parts) {
    std::map<std::string, std::string> out;
    for (const auto& p : parts) {
      out.insert(p.begin(), p.end());
    }
    return out;
  };
  struct Case {
    const char* what;
    std::map<std::string, std::string> env;
    std::string profile;
    bool explicit_profile;
    std::string source;
  };
  const Case cases[] = {
      {"env beats everything", merge({keys, web, container, imds}), "dev", false, "env"},
      {"env beats AWS_PROFILE", merge({keys, {{"AWS_PROFILE", "dev"}}}), "dev", false, "env"},
      {"--profile beats env", merge({keys, web}), "dev", true, "profile:dev"},
      {"web identity beats profile", merge({web, container}), "default", false, "web-identity"},
      {"profile beats container", merge({container, imds}), "default", false, "profile:default"},
      {"container beats imds", merge({container, imds}), "nope", false, "container"},
      {"imds last", imds, "nope", false, "imds"},
  };
  for (const auto& c : cases) {
    auto p = chain(util::MapEnv(c.env), c.profile, c.explicit_profile);
    auto r = p->get();
    ASSERT_TRUE(r.ok()) << c.what << ": " << r.error().describe();
    EXPECT_EQ(r->source, c.source) << c.what;
  }
}

TEST_F(DefaultChainTest, NothingFoundNamesEverySourceInOrder) {
  util::MapEnv env;
  env.set("AWS_EC2_METADATA_DISABLED", "true");
  std::filesystem::remove(m_dir / ".aws/credentials");
  auto c = chain(env, "default", false)->get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, util::ErrorKind::Credentials);
  EXPECT_EQ(c.error().code, "NoCredentials");
  EXPECT_EQ(c.error().message,
            "no AWS credentials found: tried environment variables (AWS_ACCESS_KEY_ID not set), "
            "web identity (AWS_WEB_IDENTITY_TOKEN_FILE not set), profile 'default' (not in "
            "~/.aws/credentials or ~/.aws/config), container credentials (not configured), EC2 "
            "instance metadata (disabled by AWS_EC2_METADATA_DISABLED). Set AWS_ACCESS_KEY_ID "
            "and AWS_SECRET_ACCESS_KEY, choose a configured profile with --profile or "
            "AWS_PROFILE (see 'aws configure'), or use OIDC with AWS_ROLE_ARN and "
            "AWS_WEB_IDENTITY_TOKEN_FILE.");
  EXPECT_TRUE(m_world.m_transport.requests().empty());
}

TEST_F(DefaultChainTest, ExplicitProfileSkipsEnvInTheMessageToo) {
  util::MapEnv env;
  env.set("AWS_EC2_METADATA_DISABLED", "true");
  std::ofstream(m_dir / ".aws/config") << "[profile empty]\nregion = us-east-1\n";
  auto c = chain(env, "empty", true)->get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.rfind("no AWS credentials found: tried profile 'empty'", 0), 0u)
      << c.error().message;
  EXPECT_NE(c.error().message.find("profile 'empty' (no credentials in it)"), std::string::npos);
}

TEST_F(DefaultChainTest, ConfiguredButBrokenSourceStopsTheChain) {
  std::ofstream(m_dir / ".aws/credentials") << "[default]\naws_access_key_id = AKIDHALF\n";
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c");
  auto c = chain(env, "default", false)->get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.rfind("credentials from profile 'default': profile 'default'", 0), 0u)
      << c.error().message;
  EXPECT_TRUE(m_world.m_transport.requests().empty());
}

TEST_F(DefaultChainTest, WinnerSticksAndRefreshesBeforeExpiry) {
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c");
  auto p = chain(env, "nope", false);
  ASSERT_EQ(p->get()->source, "container");
  ASSERT_EQ(m_world.m_transport.requests().size(), 1u);
  m_clock.advance(50min);
  ASSERT_TRUE(p->get().ok());
  EXPECT_EQ(m_world.m_transport.requests().size(), 1u);
  m_clock.advance(6min);  // 4 minutes left: refreshed from the container again
  auto c = p->get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->source, "container");
  EXPECT_EQ(m_world.m_transport.requests().size(), 2u);
  EXPECT_GT(*c->expiration - m_clock.now(), 55min);
}

}  // namespace
}  // namespace aws
