#include "aws/config_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "aws/testing/temp_dir.h"
namespace aws {
namespace {

TEST(ConfigFile, ParsesSectionsCommentsAndCaseInsensitiveKeys) {
  auto f = parse_config(
      "# leading comment\n"
      "[default]\n"
      "Region = eu-west-1\n"
      "  ; indented comment\n"
      "output: json\n"
      "\n"
      "[profile dev]\n"
      "aws_access_key_id=AKIDDEV\n"
      "role_arn = arn:aws:iam::123456789012:role/x # not a comment\n",
      "~/.aws/config");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  const ConfigSection* d = f->find("default");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->get("region"), "eu-west-1");
  EXPECT_EQ(d->get("output"), "json");
  const ConfigSection* dev = f->find("profile dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->get("aws_access_key_id"), "AKIDDEV");
  EXPECT_EQ(dev->get("role_arn"), "arn:aws:iam::123456789012:role/x # not a comment");
}

TEST(ConfigFile, ParsesNestedServicesBlocks) {
  auto f = parse_config(
      "[services local]\n"
      "ecs =\n"
      "  endpoint_url = http://127.0.0.1:4566\n"
      "  Other = x\n"
      "sts =\n"
      "\tendpoint_url = http://127.0.0.1:4567\n"
      "[profile p]\n"
      "services = local\n",
      "cfg");
  ASSERT_TRUE(f.ok()) << f.error().describe();
  const ConfigSection* s = f->find("services local");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->get_nested("ecs", "endpoint_url"), "http://127.0.0.1:4566");
  EXPECT_EQ(s->get_nested("ecs", "other"), "x");
  EXPECT_EQ(s->get_nested("sts", "endpoint_url"), "http://127.0.0.1:4567");
  EXPECT_EQ(s->get_nested("ecr", "endpoint_url"), std::nullopt);
}

TEST(ConfigFile, ContinuationLinesExtendPlainValues) {
  auto f = parse_config("[a]\nk = one\n  two\n", "cfg");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->find("a")->get("k"), "one\ntwo");
}

TEST(ConfigFile, MalformedLinesNameFileAndLineButNotTheContent) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"[default]\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", "cfg:2: expected '[section]'"},
      {"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n", "cfg:1: setting appears before"},
      {"[default\n", "cfg:1: section header is missing"},
      {"[]\n", "cfg:1: empty section name"},
      {"[s]\necs =\n  wJalrXUtnFEMI/K7MDENG\n", "cfg:3: expected 'key = value' inside"},
  };
  for (const auto& c : cases) {
    auto f = parse_config(c.text, "cfg");
    ASSERT_FALSE(f.ok()) << c.text;
    EXPECT_EQ(f.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(f.error().message.find(c.expected), std::string::npos) << f.error().message;
    EXPECT_EQ(f.error().message.find("wJalr"), std::string::npos) << f.error().message;
  }
}

class SharedConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir / ".aws");
    m_env.set("HOME", m_dir.string());
  }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(m_dir / rel) << text;
  }
  testing_support::TempDir m_temp{"ecsdeploy-config"};
  const std::filesystem::path m_dir = m_temp.path();
  util::MapEnv m_env;
};

TEST_F(SharedConfigTest, MissingFilesAreEmpty) {
  auto c = SharedConfig::load(m_env);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_FALSE(c->has_profile("default"));
  EXPECT_EQ(c->config_file().path, "~/.aws/config");
  EXPECT_EQ(c->credentials_file().path, "~/.aws/credentials");
}

TEST_F(SharedConfigTest, CredentialsFileOverridesConfigFile) {
  write(".aws/config",
        "[default]\nregion = us-east-1\n[profile  dev]\nregion = eu-west-1\n"
        "aws_access_key_id = FROMCONFIG\n[sso-session corp]\nsso_region = us-east-2\n");
  write(".aws/credentials", "[dev]\naws_access_key_id = FROMCREDS\n[other]\nx = 1\n");
  auto c = SharedConfig::load(m_env);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  auto dev = c->profile("dev");
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->get("region"), "eu-west-1");
  EXPECT_EQ(dev->get("aws_access_key_id"), "FROMCREDS");
  EXPECT_EQ(c->profile("default")->get("region"), "us-east-1");
  EXPECT_TRUE(c->has_profile("other"));
  EXPECT_FALSE(c->has_profile("nope"));
  ASSERT_NE(c->sso_session("corp"), nullptr);
  EXPECT_EQ(c->sso_session("corp")->get("sso_region"), "us-east-2");
}

TEST_F(SharedConfigTest, EnvironmentOverridesPaths) {
  write("alt-config", "[profile x]\nregion = ap-south-1\n");
  m_env.set("AWS_CONFIG_FILE", "~/alt-config");
  m_env.set("AWS_SHARED_CREDENTIALS_FILE", (m_dir / "nothing-here").string());
  auto c = SharedConfig::load(m_env);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->profile("x")->get("region"), "ap-south-1");
  EXPECT_EQ(c->config_file().path, "~/alt-config");
}

TEST_F(SharedConfigTest, MalformedFileErrorNamesThePath) {
  write(".aws/credentials", "[default]\naws_secret_access_key\n");
  auto c = SharedConfig::load(m_env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "~/.aws/credentials:2: expected '[section]' or 'key = value'");
}

TEST_F(SharedConfigTest, DirectoryInsteadOfFileIsAnError) {
  std::filesystem::create_directories(m_dir / ".aws/config");
  auto c = SharedConfig::load(m_env);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("~/.aws/config"), std::string::npos);
}

// A FIFO would block the read forever, /dev/zero never ends and a huge file exhausts memory:
// only regular files up to 10 MiB are read, and the error names the file.
TEST_F(SharedConfigTest, FifoDeviceAndHugeFilesAreRefusedNamingTheFile) {
  ASSERT_EQ(::mkfifo((m_dir / ".aws/config").c_str(), 0600), 0);
  auto fifo = SharedConfig::load(m_env);
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_EQ(fifo.error().message,
            "cannot read ~/.aws/config: not a regular file (a FIFO, socket or device is not read)");

  m_env.set("AWS_CONFIG_FILE", "/dev/zero");
  auto zero = SharedConfig::load(m_env);
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.error().message.find("/dev/zero: not a regular file"), std::string::npos);

  write("huge", "");
  std::filesystem::resize_file(m_dir / "huge", (std::size_t{10} << 20) + 1);
  m_env.set("AWS_CONFIG_FILE", (m_dir / "huge").string());
  auto huge = SharedConfig::load(m_env);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().message, "cannot read ~/huge: larger than the 10 MiB limit");
}

}  // namespace
}  // namespace aws
