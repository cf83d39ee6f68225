#include "aws/credentials/process.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

constexpr const char* k_secret = "SECRETwJalrXUtnFEMI";

TEST(CredentialProcess, RunsTheCommandAndParsesVersion1) {
  ProcessProvider p(
      "printf '%s' '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": "
      "\"SECRETwJalrXUtnFEMI\", \"SessionToken\": \"tok\", \"Expiration\": "
      "\"2030-01-01T00:00:00Z\"}'",
      "profile:dev (credential_process)", "credential_process of profile 'dev'");
  auto c = p.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "AKIDPROC");
  EXPECT_EQ(c->secret_access_key, k_secret);
  EXPECT_EQ(c->session_token, "tok");
  EXPECT_TRUE(c->expiration.has_value());
  EXPECT_EQ(c->source, "profile:dev (credential_process)");
}

TEST(CredentialProcess, LongTermKeysNeedNoTokenOrExpiration) {
  auto c = parse_process_output(R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s"})");
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_TRUE(c->session_token.empty());
  EXPECT_FALSE(c->expiration.has_value());
}

TEST(CredentialProcess, FailuresAreClearAndNeverQuoteOutputOrCommand) {
  struct Case {
    std::string command;
    std::string expected;
  };
  const std::string secret_json =
      std::string("{\"Version\": 1, \"SecretAccessKey\": \"") + k_secret + "\"}";
  const Case cases[] = {
      {"echo SECRETwJalrXUtnFEMI; exit 3", "exited with status 3"},
      {"/nonexistent/SECRETwJalrXUtnFEMI 2>/dev/null", "status 127 (command not found?)"},
      {"kill -9 $$", "killed by signal 9"},
      {"echo 'not json SECRETwJalrXUtnFEMI'", "is not valid JSON"},
      {"echo '[\"SECRETwJalrXUtnFEMI\"]'", "is not a JSON object"},
      {"printf '%s' '" + secret_json + "'", "has no AccessKeyId"},
      {R"(echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "SECRETwJalrXUtnFEMI"}')",
       "unsupported Version"},
      {R"(echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "SECRETwJalrXUtnFEMI", "Expiration": "soon"}')",
       "Expiration that is not an ISO-8601 time"},
      {R"(echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": 5}')",
       "SecretAccessKey that is not a non-empty string"},
  };
  for (const auto& c : cases) {
    ProcessProvider p(c.command, "src", "credential_process of profile 'dev'");
    auto r = p.get();
    ASSERT_FALSE(r.ok()) << c.command;
    EXPECT_EQ(r.error().kind, util::ErrorKind::Credentials) << c.command;
    EXPECT_FALSE(is_not_configured(r.error()));
    EXPECT_NE(r.error().message.find(c.expected), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.rfind("credential_process of profile 'dev': ", 0), 0u)
        << r.error().message;
    EXPECT_EQ(r.error().describe().find(k_secret), std::string::npos) << r.error().describe();
  }
}

}  // namespace
}  // namespace aws
