#include "aws/credentials/process.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "aws/credentials/cached.h"
#include "aws/testing/temp_dir.h"
#include "support/manual_clock.h"
#include "util/time.h"

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

TEST(CredentialProcess, AHangingCommandIsKilledAtTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  ProcessProvider p("sleep 30", "src", "credential_process of profile 'dev'",
                    std::chrono::milliseconds(300));
  auto r = p.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CredentialProcessTimeout");
  EXPECT_EQ(r.error().message,
            "credential_process of profile 'dev': the command did not finish within 300 ms");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(k_credential_process_timeout, std::chrono::seconds(60));
}

TEST(CredentialProcess, ACommandPrintingEndlesslyIsStoppedAtOneMebibyte) {
  const auto start = std::chrono::steady_clock::now();
  ProcessProvider p(std::string("yes ") + k_secret, "src", "credential_process of profile 'dev'");
  auto r = p.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "credential_process of profile 'dev': the command printed more than 1 MiB");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

// Regression (fuzz/credential_process crash-720ed81d): an Expiration in year 5496 overflowed.
TEST(CredentialProcess, AnExpirationBeyondTheClocksRangeIsRefused) {
  auto r = parse_process_output(
      R"({"Version": 1, "AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret", )"
      R"("SessionToken": "token", "Expiration": "5496-01-03T00:00:00Z"})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("has an Expiration that is not an ISO-8601 time"),
            std::string::npos)
      << r.error().message;
}

TEST(CredentialProcess, DeeplyNestedOutputIsRefusedBeforeParsing) {
  auto r = parse_process_output(std::string(100000, '[') + std::string(100000, ']'));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("output is nested deeper than 512 levels (at byte 512)"),
            std::string::npos)
      << r.error().message;
}

// The command prints credentials expiring at 2030-01-01T00:00:00Z, numbered by run.
struct CountingProcess {
  testing_support::TempDir dir{"ecsdeploy-process"};
  std::string command() const {
    const std::string counter = (dir.path() / "runs").string();
    return "echo x >> " + counter + "; n=$(wc -l < " + counter +
           "); printf '{\"Version\": 1, \"AccessKeyId\": \"AKID%s\", \"SecretAccessKey\": "
           "\"s\", \"SessionToken\": \"t\", \"Expiration\": \"" +
           expiration + "\"}' $n";
  }
  std::string expiration = "2030-01-01T00:00:00Z";
};

TEST(CredentialProcess, CachedProcessCredentialsAreRefreshedBeforeTheyExpire) {
  CountingProcess process;
  testing_support::ManualClock clock(*util::parse_iso8601("2029-12-31T23:00:00Z"));
  CachedProvider cached(std::make_unique<ProcessProvider>(process.command(), "proc", "label"),
                        clock);
  auto first = cached.get();
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->access_key_id, "AKID1");
  clock.advance(std::chrono::minutes(50));  // 23:50: still 10 minutes left
  EXPECT_EQ(cached.get()->access_key_id, "AKID1");
  clock.advance(std::chrono::minutes(6));  // 23:56: inside the 5-minute window
  EXPECT_EQ(cached.get()->access_key_id, "AKID2");
}

TEST(CredentialProcess, AlreadyExpiredProcessCredentialsAreAnErrorNotUsed) {
  CountingProcess process;
  process.expiration = "2020-01-01T00:00:00Z";
  testing_support::ManualClock clock(*util::parse_iso8601("2026-12-02T00:00:00Z"));
  CachedProvider cached(std::make_unique<ProcessProvider>(process.command(), "profile:dev", "l"),
                        clock);
  auto r = cached.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ExpiredCredentials");
  EXPECT_NE(r.error().message.find("profile:dev expired at 2020-01-01T00:00:00Z"),
            std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace aws
