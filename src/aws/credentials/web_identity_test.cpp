#include "aws/credentials/web_identity.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"
#include "util/strings.h"

namespace aws {
namespace {

std::map<std::string, std::string> parse_form(const std::string& body) {
  std::map<std::string, std::string> out;
  for (const auto& pair : util::split(body, '&')) {
    auto eq = pair.find('=');
    out[util::uri_decode(pair.substr(0, eq))] = util::uri_decode(pair.substr(eq + 1));
  }
  return out;
}

std::string sts_response(const std::string& action) {
  return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action +
         "Result><Credentials><AccessKeyId>ASIAWEB</AccessKeyId>"
         "<SecretAccessKey>STSSECRETwJalr</SecretAccessKey><SessionToken>STSTOKEN</SessionToken>"
         "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></" +
         action + "Result></" + action + "Response>";
}

class WebIdentityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(m_token_file) << "eyJ.jwt.one\n";
    m_sts = StsTarget{&m_transport, &m_clock, "https://sts.eu-west-1.amazonaws.com", "eu-west-1"};
  }

  testing_support::FakeTransport m_transport;
  testing_support::ManualClock m_clock;
  StsTarget m_sts;
  testing_support::TempDir m_temp{"ecsdeploy-wi"};
  const std::filesystem::path m_token_file = m_temp.path() / "token";
};

TEST_F(WebIdentityTest, ExchangesTheTokenWithAnUnsignedStsCall) {
  util::MapEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", m_token_file.string()},
                    {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy"},
                    {"AWS_ROLE_SESSION_NAME", "gha-42"}});
  m_transport.push(200, sts_response("AssumeRoleWithWebIdentity"));
  auto p = web_identity_from_env(env, m_sts);
  auto c = p->get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAWEB");
  EXPECT_EQ(c->session_token, "STSTOKEN");
  EXPECT_EQ(c->source, "web-identity");
  ASSERT_EQ(m_transport.requests().size(), 1u);
  const HttpRequest& req = m_transport.requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_FALSE(find_header(req.headers, "Authorization").has_value());
  EXPECT_EQ(find_header(req.headers, "Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  auto form = parse_form(req.body);
  EXPECT_EQ(form["Action"], "AssumeRoleWithWebIdentity");
  EXPECT_EQ(form["Version"], "2011-06-15");
  EXPECT_EQ(form["RoleArn"], "arn:aws:iam::123456789012:role/deploy");
  EXPECT_EQ(form["RoleSessionName"], "gha-42");
  EXPECT_EQ(form["WebIdentityToken"], "eyJ.jwt.one");
}

TEST_F(WebIdentityTest, RereadsTheRotatedTokenAndDefaultsTheSessionName) {
  util::MapEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", m_token_file.string()},
                    {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy"}});
  auto p = web_identity_from_env(env, m_sts);
  m_transport.push(200, sts_response("AssumeRoleWithWebIdentity"));
  ASSERT_TRUE(p->get().ok());
  std::ofstream(m_token_file) << "eyJ.jwt.two";
  m_transport.push(200, sts_response("AssumeRoleWithWebIdentity"));
  ASSERT_TRUE(p->get().ok());
  auto form = parse_form(m_transport.requests()[1].body);
  EXPECT_EQ(form["WebIdentityToken"], "eyJ.jwt.two");
  EXPECT_EQ(form["RoleSessionName"], "ecsdeploy-1700000000");
}

TEST_F(WebIdentityTest, ConfigurationStates) {
  util::MapEnv none;
  auto a = web_identity_from_env(none, m_sts)->get();
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(is_not_configured(a.error()));
  EXPECT_EQ(a.error().message, "AWS_WEB_IDENTITY_TOKEN_FILE not set");

  util::MapEnv file_only;
  file_only.set("AWS_WEB_IDENTITY_TOKEN_FILE", m_token_file.string());
  auto b = web_identity_from_env(file_only, m_sts)->get();
  ASSERT_FALSE(b.ok());
  EXPECT_FALSE(is_not_configured(b.error()));
  EXPECT_NE(b.error().message.find("AWS_ROLE_ARN is not"), std::string::npos);
  EXPECT_TRUE(m_transport.requests().empty());
}

TEST_F(WebIdentityTest, UnreadableOrEmptyTokenFile) {
  util::MapEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/token"},
                    {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy"}});
  auto a = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, util::ErrorKind::Credentials);
  EXPECT_EQ(a.error().message,
            "cannot read web identity token file /nonexistent/token: No such file or directory");

  std::ofstream(m_token_file) << "  \n";
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", m_token_file.string());
  auto b = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("is empty"), std::string::npos);
  EXPECT_TRUE(m_transport.requests().empty());
}

TEST_F(WebIdentityTest, TokenFileThatIsAFifoDeviceOrHugeIsRefused) {
  const std::filesystem::path fifo = m_token_file.parent_path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::filesystem::path huge = m_token_file.parent_path() / "huge";
  std::ofstream(huge) << std::string((1 << 20) + 1, 'j');
  for (const std::string& path : {fifo.string(), std::string("/dev/zero"), huge.string()}) {
    util::MapEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", path},
                      {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy"}});
    auto r = web_identity_from_env(env, m_sts)->get();
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.error().kind, util::ErrorKind::Credentials);
    EXPECT_EQ(r.error().message.rfind("cannot read web identity token file " + path + ": ", 0), 0u)
        << r.error().message;
  }
  EXPECT_TRUE(m_transport.requests().empty());
}

TEST_F(WebIdentityTest, StsErrorsAreClassifiedAndNamed) {
  util::MapEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", m_token_file.string()},
                    {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy"}});
  m_transport.push(400,
                   "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                   "<Message>Incorrect token audience</Message></Error>"
                   "<RequestId>req-1</RequestId></ErrorResponse>",
                   {{"x-amzn-RequestId", "req-1"}});
  auto c = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "InvalidIdentityToken");
  EXPECT_EQ(c.error().http_status, 400);
  EXPECT_EQ(c.error().request_id, "req-1");
  EXPECT_EQ(c.error().message,
            "STS AssumeRoleWithWebIdentity (arn:aws:iam::123456789012:role/deploy) failed: "
            "Incorrect token audience");
  EXPECT_EQ(c.error().describe().find("eyJ"), std::string::npos);
}

TEST_F(WebIdentityTest, TransportFailureNamesTheEndpoint) {
  util::MapEnv env({{"AWS_WEB_IDENTITY_TOKEN_FILE", m_token_file.string()},
                    {"AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy"}});
  m_transport.push_error(
      util::make_error(util::ErrorKind::Network, "connection refused", "ConnectionRefused"));
  auto c = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, util::ErrorKind::Network);
  EXPECT_NE(c.error().message.find("at https://sts.eu-west-1.amazonaws.com"), std::string::npos);
}

TEST_F(WebIdentityTest, GithubActionsOidcWithoutATokenFile) {
  util::MapEnv env;
  env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/gha");
  env.set("ACTIONS_ID_TOKEN_REQUEST_URL", "https://token.actions.example/abc?api-version=2.0");
  env.set("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "GHREQUESTSECRET");
  m_transport.push(200, R"({"count": 1, "value": "gh.jwt.value"})");
  m_transport.push(200, sts_response("AssumeRoleWithWebIdentity"));
  auto c = web_identity_from_env(env, m_sts)->get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->source, "web-identity:github");
  const HttpRequest& oidc = m_transport.requests().at(0);
  EXPECT_EQ(oidc.method, "GET");
  EXPECT_EQ(oidc.url,
            "https://token.actions.example/abc?api-version=2.0&audience=sts.amazonaws.com");
  EXPECT_EQ(find_header(oidc.headers, "Authorization"), "Bearer GHREQUESTSECRET");
  EXPECT_EQ(parse_form(m_transport.requests().at(1).body)["WebIdentityToken"], "gh.jwt.value");

  m_transport.push(403, "GHREQUESTSECRET");
  auto denied = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.error().message.find("id-token: write"), std::string::npos);
  EXPECT_EQ(denied.error().describe().find("GHREQUESTSECRET"), std::string::npos);

  m_transport.push(200, R"({"value": 5})");
  auto malformed = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().kind, util::ErrorKind::ProtocolError);
}

TEST_F(WebIdentityTest, GithubVariablesAloneAreNotConfigured) {
  util::MapEnv env;
  env.set("ACTIONS_ID_TOKEN_REQUEST_URL", "https://token.actions.example/abc");
  env.set("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "x");
  auto c = web_identity_from_env(env, m_sts)->get();
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(is_not_configured(c.error()));
  EXPECT_TRUE(m_transport.requests().empty());
}

TEST(StsCredentials, MalformedResponses) {
  EXPECT_FALSE(parse_sts_credentials("<x/>").ok());
  auto r = parse_sts_credentials(
      "<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>"
      "<SessionToken>T</SessionToken><Expiration>never</Expiration></Credentials>");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, util::ErrorKind::ProtocolError);
  EXPECT_EQ(r.error().describe().find(">S<"), std::string::npos);
}

}  // namespace
}  // namespace aws
