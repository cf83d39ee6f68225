// Secret keys, session tokens and bearer tokens must never reach an error message. Every
// failing path below is fed the same marker as its secret material and must not echo it.

#include <filesystem>
#include <fstream>
#include <functional>

#include <gtest/gtest.h>

#include "aws/config_file.h"
#include "aws/credentials/assume_role.h"
#include "aws/credentials/container.h"
#include "aws/credentials/default_chain.h"
#include "aws/credentials/env.h"
#include "aws/credentials/imds.h"
#include "aws/credentials/process.h"
#include "aws/credentials/profile.h"
#include "aws/credentials/sso.h"
#include "aws/credentials/web_identity.h"
#include "aws/session.h"
#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"
#include "util/crypto.h"

namespace aws {
namespace {

constexpr const char* k_secret = "SeCrEt0wJalrXUtnFEMIK7MDENG";

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir / ".aws/sso/cache");
    m_env.set("HOME", m_dir.string());
    m_sts = StsTarget{&m_transport, &m_clock, "https://sts.us-east-1.amazonaws.com", "us-east-1"};
  }

  void write(const std::string& rel, const std::string& text) {
    std::ofstream(m_dir / rel) << text;
  }
  // Runs `fails`, which must fail, and checks its error for the secret.
  void check(const std::string& what, const std::function<util::Error()>& fails) {
    util::Error e = fails();
    SCOPED_TRACE(what);
    EXPECT_FALSE(e.message.empty());
    EXPECT_EQ(e.describe().find(k_secret), std::string::npos) << e.describe();
    EXPECT_EQ(e.code.find(k_secret), std::string::npos);
    ++m_checked;
  }
  static util::Error error_of(util::Result<Credentials> r) {
    EXPECT_FALSE(r.ok());
    return r.ok() ? util::Error{} : r.take_error();
  }

  testing_support::TempDir m_temp{"ecsdeploy-secrets"};
  const std::filesystem::path m_dir = m_temp.path();
  util::MapEnv m_env;
  testing_support::FakeTransport m_transport;
  testing_support::ManualClock m_clock;
  StsTarget m_sts;
  int m_checked = 0;
};

TEST_F(SecretsTest, NoFailingPathEchoesSecretMaterial) {
  const std::string s = k_secret;

  check("env: secret without key id", [&] {
    util::MapEnv env;
    env.set("AWS_SECRET_ACCESS_KEY", s);
    return error_of(credentials_from_env(env));
  });
  check("env: bad expiration", [&] {
    util::MapEnv env;
    env.set("AWS_ACCESS_KEY_ID", "AKID");
    env.set("AWS_SECRET_ACCESS_KEY", s);
    env.set("AWS_SESSION_TOKEN", s);
    env.set("AWS_CREDENTIAL_EXPIRATION", s);
    return error_of(credentials_from_env(env));
  });
  check("config: malformed line", [&] {
    auto r = parse_config("[default]\n" + s + "\n", "~/.aws/credentials");
    return r.ok() ? util::Error{} : r.take_error();
  });
  check("config: malformed nested line", [&] {
    auto r = parse_config("[services x]\necs =\n  " + s + "\n", "~/.aws/config");
    return r.ok() ? util::Error{} : r.take_error();
  });
  check("profile: secret without key id", [&] {
    write(".aws/credentials", "[p]\naws_secret_access_key = " + s + "\n");
    auto config = SharedConfig::load(m_env);
    ProfileDeps deps{&m_env, &m_transport, m_sts};
    return error_of(make_profile_provider(*config, "p", false, deps)->get());
  });
  check("credential_process: exit status", [&] {
    return error_of(
        ProcessProvider("echo " + s + "; exit 1", "x", "credential_process of profile 'p'").get());
  });
  check("credential_process: bad output", [&] {
    return error_of(parse_process_output("{\"Version\": 3, \"SecretAccessKey\": \"" + s + "\"}"));
  });
  check("credential_process: broken JSON",
        [&] { return error_of(parse_process_output("{\"SecretAccessKey\": \"" + s + "\"")); });
  check("web identity: STS rejects the token", [&] {
    write("token", s);
    m_transport.push(400,
                     "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad"
                     "</Message></Error></ErrorResponse>");
    AssumeRoleParams p;
    p.role_arn = "arn:aws:iam::1:role/r";
    return error_of(WebIdentityProvider(m_sts, (m_dir / "token").string(), p, "w").get());
  });
  check("assume role: malformed STS response", [&] {
    m_transport.push(200, "<Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>" + s +
                              "</SecretAccessKey><SessionToken>" + s +
                              "</SessionToken></Credentials>");
    Credentials base{"AKID", s, s, std::nullopt, "t"};
    AssumeRoleParams p;
    p.role_arn = "arn:aws:iam::1:role/r";
    return error_of(
        AssumeRoleProvider(m_sts, std::make_unique<StaticProvider>(base), p, "l").get());
  });
  check("container: endpoint refuses", [&] {
    util::MapEnv env;
    env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c");
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", s);
    m_transport.push(403, s);
    return error_of(ContainerProvider(env, m_transport).get());
  });
  check("container: token with a line break", [&] {
    util::MapEnv env;
    env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c");
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", s + "\r\nX: y");
    return error_of(ContainerProvider(env, m_transport).get());
  });
  check("container: malformed document", [&] {
    util::MapEnv env;
    env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c");
    m_transport.push(200, "{\"SecretAccessKey\": \"" + s + "\", \"Token\": \"" + s + "\"}");
    return error_of(ContainerProvider(env, m_transport).get());
  });
  check("imds: malformed document", [&] {
    util::MapEnv env;
    m_transport.push(200, s);
    m_transport.push(200, "role");
    m_transport.push(200, "{\"AccessKeyId\": 5, \"SecretAccessKey\": \"" + s + "\"}");
    return error_of(ImdsProvider(env, m_transport).get());
  });
  check("sso: portal rejects the token", [&] {
    std::ofstream(m_dir / ".aws/sso/cache" / (util::sha1_hex("corp") + ".json"))
        << "{\"accessToken\": \"" << s << "\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}";
    auto file = parse_config(
        "[profile p]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n"
        "[sso-session corp]\nsso_region = us-east-1\n",
        "cfg");
    SharedConfig config(std::move(file).value(), ConfigFile{});
    m_transport.push(500, s);
    auto p = make_sso_provider(config, "p", *config.profile("p"), m_env, m_transport, m_clock);
    return error_of((*p)->get());
  });
  check("chain: nothing usable", [&] {
    util::MapEnv env;
    env.set("HOME", m_dir.string());
    env.set("AWS_SECRET_ACCESS_KEY", s);
    env.set("AWS_SESSION_TOKEN", s);
    env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", s);
    env.set("AWS_EC2_METADATA_DISABLED", "true");
    std::filesystem::remove(m_dir / ".aws/credentials");
    auto config = SharedConfig::load(env);
    return error_of(make_default_chain(*config, {}, env, m_transport, m_sts)->get());
  });
  check("session: malformed credentials file", [&] {
    write(".aws/credentials", "[default]\naws_secret_access_key " + s + "\n");
    util::MapEnv env;
    env.set("HOME", m_dir.string());
    env.set("AWS_REGION", "us-east-1");
    auto r = make_session({}, env, m_clock, std::make_unique<testing_support::FakeTransport>());
    return r.ok() ? util::Error{} : r.take_error();
  });
  EXPECT_EQ(m_checked, 17);
}

}  // namespace
}  // namespace aws
