#include "aws/credentials/profile.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
#include "support/fake_transport.h"
#include "support/manual_clock.h"
#include "util/strings.h"

namespace aws {
namespace {

std::string assume_role_response(const std::string& key) {
  return "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>" + key +
         "</AccessKeyId><SecretAccessKey>ROLESECRETwJalr</SecretAccessKey>"
         "<SessionToken>ROLETOKEN</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>"
         "</Credentials></AssumeRoleResult></AssumeRoleResponse>";
}

class ProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir / ".aws");
    m_env.set("HOME", m_dir.string());
  }

  void files(const std::string& config, const std::string& credentials) {
    std::ofstream(m_dir / ".aws/config") << config;
    std::ofstream(m_dir / ".aws/credentials") << credentials;
  }
  util::Result<Credentials> get(const std::string& profile, bool must_exist = false) {
    auto config = SharedConfig::load(m_env);
    EXPECT_TRUE(config.ok());
    ProfileDeps deps{
        &m_env, &m_transport,
        StsTarget{&m_transport, &m_clock, "https://sts.us-east-1.amazonaws.com", "us-east-1"}};
    return make_profile_provider(*config, profile, must_exist, deps)->get();
  }
  std::string form_value(size_t request, const std::string& key) {
    for (const auto& pair : util::split(m_transport.requests().at(request).body, '&')) {
      if (pair.rfind(key + "=", 0) == 0) {
        return util::uri_decode(pair.substr(key.size() + 1));
      }
    }
    return "<absent>";
  }
  std::string auth(size_t request) {
    return find_header(m_transport.requests().at(request).headers, "Authorization").value_or("");
  }

  testing_support::TempDir m_temp{"ecsdeploy-profile"};
  const std::filesystem::path m_dir = m_temp.path();
  util::MapEnv m_env;
  testing_support::FakeTransport m_transport;
  testing_support::ManualClock m_clock;
};

TEST_F(ProfileTest, StaticKeysFromEitherFile) {
  files("[profile cfg]\naws_access_key_id = AKIDCFG\naws_secret_access_key = s1\n",
        "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = s2\n"
        "aws_session_token = t2\n");
  auto d = get("default");
  ASSERT_TRUE(d.ok()) << d.error().describe();
  EXPECT_EQ(d->access_key_id, "AKIDDEF");
  EXPECT_EQ(d->session_token, "t2");
  EXPECT_EQ(d->source, "profile:default");
  auto c = get("cfg");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDCFG");
  EXPECT_EQ(c->source, "profile:cfg");
}

TEST_F(ProfileTest, CredentialsFileKeysBeatCredentialProcess) {
  files("[profile p]\ncredential_process = exit 1\n",
        "[p]\naws_access_key_id = AKIDP\naws_secret_access_key = s\n");
  auto c = get("p");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIDP");
}

TEST_F(ProfileTest, CredentialProcessFromProfile) {
  files(
      "[profile p]\ncredential_process = echo '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\","
      "\"SecretAccessKey\":\"s\"}'\n",
      "");
  auto c = get("p");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIDPROC");
  EXPECT_EQ(c->source, "profile:p (credential_process)");
}

TEST_F(ProfileTest, AssumeRoleWithSourceProfileIsSignedWithTheSourceKeys) {
  files(
      "[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\n"
      "role_session_name = me\nexternal_id = ext-1\nduration_seconds = 3600\n",
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = BASESECRET\n");
  m_transport.push(200, assume_role_response("ASIADEV"));
  auto c = get("dev");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIADEV");
  EXPECT_EQ(c->source, "profile:dev (assume-role arn:aws:iam::123456789012:role/dev)");
  ASSERT_EQ(m_transport.requests().size(), 1u);
  EXPECT_EQ(m_transport.requests()[0].url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(form_value(0, "Action"), "AssumeRole");
  EXPECT_EQ(form_value(0, "RoleArn"), "arn:aws:iam::123456789012:role/dev");
  EXPECT_EQ(form_value(0, "RoleSessionName"), "me");
  EXPECT_EQ(form_value(0, "ExternalId"), "ext-1");
  EXPECT_EQ(form_value(0, "DurationSeconds"), "3600");
  EXPECT_NE(auth(0).find("Credential=AKIDBASE/"), std::string::npos) << auth(0);
  EXPECT_NE(auth(0).find("/us-east-1/sts/aws4_request"), std::string::npos) << auth(0);
}

TEST_F(ProfileTest, ChainedRolesAssumeInOrder) {
  files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = base\n",
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  m_transport.push(200, assume_role_response("ASIAB"));
  m_transport.push(200, assume_role_response("ASIAA"));
  auto c = get("a");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAA");
  EXPECT_EQ(form_value(0, "RoleArn"), "arn:aws:iam::1:role/b");
  EXPECT_NE(auth(0).find("Credential=AKIDBASE/"), std::string::npos);
  EXPECT_EQ(form_value(1, "RoleArn"), "arn:aws:iam::1:role/a");
  EXPECT_NE(auth(1).find("Credential=ASIAB/"), std::string::npos);
  EXPECT_EQ(find_header(m_transport.requests()[1].headers, "X-Amz-Security-Token"), "ROLETOKEN");
}

TEST_F(ProfileTest, SelfReferencingSourceProfileUsesItsOwnKeys) {
  files("",
        "[me]\naws_access_key_id = AKIDME\naws_secret_access_key = s\n"
        "role_arn = arn:aws:iam::1:role/me\nsource_profile = me\n");
  m_transport.push(200, assume_role_response("ASIAME"));
  auto c = get("me");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAME");
  EXPECT_NE(auth(0).find("Credential=AKIDME/"), std::string::npos);
}

TEST_F(ProfileTest, CredentialSourceEnvironment) {
  files("[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n", "");
  m_env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  m_env.set("AWS_SECRET_ACCESS_KEY", "s");
  m_transport.push(200, assume_role_response("ASIACI"));
  auto c = get("ci");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIACI");
  EXPECT_NE(auth(0).find("Credential=AKIDENV/"), std::string::npos);
}

TEST_F(ProfileTest, CredentialSourceEcsContainer) {
  files("[profile t]\nrole_arn = arn:aws:iam::1:role/t\ncredential_source = EcsContainer\n", "");
  m_env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c");
  m_transport.push(200, R"({"AccessKeyId":"ASIATASK","SecretAccessKey":"s","Token":"t",
                            "Expiration":"2030-01-01T00:00:00Z"})");
  m_transport.push(200, assume_role_response("ASIAT"));
  auto c = get("t");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(m_transport.requests()[0].url, "http://169.254.170.2/c");
  EXPECT_NE(auth(1).find("Credential=ASIATASK/"), std::string::npos);
}

TEST_F(ProfileTest, MissingSourceIsAnErrorNotASkip) {
  files("[profile t]\nrole_arn = arn:aws:iam::1:role/t\ncredential_source = Environment\n", "");
  auto c = get("t");
  ASSERT_FALSE(c.ok());
  EXPECT_FALSE(is_not_configured(c.error()));
  EXPECT_NE(c.error().message.find("source credentials for role arn:aws:iam::1:role/t"),
            std::string::npos);
}

TEST_F(ProfileTest, WebIdentityTokenFileInProfile) {
  auto token = m_dir / "token";
  std::ofstream(token) << "jwt";
  files("[profile w]\nrole_arn = arn:aws:iam::1:role/w\nweb_identity_token_file = " +
            token.string() + "\n",
        "");
  m_transport.push(200, "<AssumeRoleWithWebIdentityResponse>" + assume_role_response("ASIAW") +
                            "</AssumeRoleWithWebIdentityResponse>");
  auto c = get("w");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->source, "profile:w (web-identity arn:aws:iam::1:role/w)");
  EXPECT_EQ(form_value(0, "Action"), "AssumeRoleWithWebIdentity");
  EXPECT_EQ(form_value(0, "WebIdentityToken"), "jwt");
  EXPECT_EQ(auth(0), "");
}

TEST_F(ProfileTest, ConfigurationErrors) {
  files(
      "[profile cyc1]\nrole_arn = arn:r\nsource_profile = cyc2\n"
      "[profile cyc2]\nrole_arn = arn:r\nsource_profile = cyc1\n"
      "[profile nosrc]\nrole_arn = arn:r\n"
      "[profile both]\nrole_arn = arn:r\nsource_profile = x\ncredential_source = Environment\n"
      "[profile badsrc]\nrole_arn = arn:r\ncredential_source = Laptop\n"
      "[profile mfa]\nrole_arn = arn:r\nsource_profile = keys\nmfa_serial = arn:mfa\n"
      "[profile dur]\nrole_arn = arn:r\nsource_profile = keys\nduration_seconds = 60\n"
      "[profile ghost]\nrole_arn = arn:r\nsource_profile = nowhere\n"
      "[profile empty_src]\nrole_arn = arn:r\nsource_profile = region_only\n"
      "[profile region_only]\nregion = us-east-1\n",
      "[keys]\naws_access_key_id = AKID\naws_secret_access_key = s\n"
      "[half]\naws_access_key_id = AKIDHALF\n");
  struct Case {
    const char* profile;
    const char* expected;
  };
  const Case cases[] = {
      {"cyc1", "source_profile cycle: cyc1 -> cyc2 -> cyc1"},
      {"nosrc", "has role_arn but no source_profile, credential_source or web_identity"},
      {"both", "sets both source_profile and credential_source"},
      {"badsrc", "credential_source 'Laptop'; expected Environment, Ec2InstanceMetadata"},
      {"mfa", "needs an MFA code (mfa_serial)"},
      {"dur", "duration_seconds outside 900..43200"},
      {"ghost", "profile 'nowhere' not found in ~/.aws/credentials or ~/.aws/config"},
      {"empty_src", "source_profile 'region_only' has no credentials"},
      {"half", "profile 'half' in ~/.aws/credentials has aws_access_key_id but no"},
  };
  for (const auto& c : cases) {
    auto r = get(c.profile);
    ASSERT_FALSE(r.ok()) << c.profile;
    EXPECT_FALSE(is_not_configured(r.error())) << c.profile;
    EXPECT_NE(r.error().message.find(c.expected), std::string::npos)
        << c.profile << ": " << r.error().message;
  }
  EXPECT_TRUE(m_transport.requests().empty());
}

// A chain of 2,000 roles used to overflow the stack (one recursion per hop).
TEST_F(ProfileTest, SourceProfileChainsAreCappedAt64Hops) {
  auto chain = [](int roles) {
    std::string config;
    for (int i = 0; i < roles; ++i) {
      config += "[profile p" + std::to_string(i) + "]\nrole_arn = arn:aws:iam::1:role/r\n" +
                "source_profile = p" + std::to_string(i + 1) + "\n";
    }
    return config + "[profile p" + std::to_string(roles) + "]\naws_access_key_id = AKID\n" +
           "aws_secret_access_key = s\n";
  };
  files(chain(2000), "");
  auto deep = get("p0");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_EQ(deep.error().message,
            "profile 'p0': the source_profile chain is longer than 64 profiles");
  files(chain(65), "");
  EXPECT_FALSE(get("p0").ok());
  EXPECT_TRUE(m_transport.requests().empty());
  // 64 hops are followed: 64 AssumeRole calls, the last one answered with the result.
  files(chain(64), "");
  for (int i = 0; i < 64; ++i) {
    m_transport.push(200, assume_role_response("ASIA" + std::to_string(i)));
  }
  auto ok = get("p0");
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  EXPECT_EQ(ok->access_key_id, "ASIA63");
  EXPECT_EQ(m_transport.requests().size(), 64u);
}

TEST_F(ProfileTest, AbsentOrEmptyProfilesAreNotConfigured) {
  files("[profile region_only]\nregion = us-east-1\n", "");
  auto a = get("nope");
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(is_not_configured(a.error()));
  EXPECT_EQ(a.error().message, "not in ~/.aws/credentials or ~/.aws/config");
  auto b = get("region_only");
  ASSERT_FALSE(b.ok());
  EXPECT_TRUE(is_not_configured(b.error()));
  auto c = get("nope", true);
  ASSERT_FALSE(c.ok());
  EXPECT_FALSE(is_not_configured(c.error()));
  EXPECT_EQ(c.error().kind, util::ErrorKind::InvalidInput);
}

}  // namespace
}  // namespace aws
