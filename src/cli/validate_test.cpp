#include "cli/validate.h"

#include <gtest/gtest.h>

namespace cli {
namespace {

OptionValues one(const std::string& name, const std::string& value) {
  OptionValues v;
  v.set(name, {value, ValueSource::Flag, "--" + name});
  return v;
}

TEST(Validate, DesiredCount) {
  struct Row {
    std::string text;
    std::optional<int> value;  // nullopt: error
  };
  const std::vector<Row> rows = {
      {"0", 0},    {"1", 1}, {"5000", 5000}, {"abc", {}},         {"-1", {}}, {"+1", {}},
      {"1.5", {}}, {"", {}}, {"5001", {}},   {"99999999999", {}}, {"2 ", {}}, {" 2", {}}};
  for (const Row& row : rows) {
    auto r = optional_int(one("desired-count", row.text), "desired-count", 0, 5000);
    ASSERT_EQ(r.ok(), row.value.has_value()) << "'" << row.text << "'";
    if (r.ok()) {
      EXPECT_EQ(**r, *row.value);
    } else {
      EXPECT_EQ(r.error().kind, util::ErrorKind::InvalidInput);
      EXPECT_NE(r.error().message.find("invalid desired count '"), std::string::npos);
      EXPECT_NE(r.error().message.find("(from --desired-count): expected a whole number from 0 "
                                       "to 5000"),
                std::string::npos)
          << r.error().message;
    }
  }
  auto unset = optional_int(OptionValues{}, "desired-count", 0, 5000);
  ASSERT_TRUE(unset.ok());
  EXPECT_FALSE(unset->has_value());
}

TEST(Validate, ImageTag) {
  const std::vector<std::pair<std::string, bool>> rows = {
      {"v1.2.3", true},
      {"3f2a9c1", true},
      {"_x", true},
      {"sha256:" + std::string(64, 'a'), false},  // the image swap only swaps tags
      {"", false},
      {"has space", false},
      {"$(rm -rf /)", false},
      {"a;b", false},
      {"a|b", false},
      {"`id`", false},
      {".hidden", false},
      {"-x", false},
      {std::string(129, 'a'), false},
      {"tag\nnext", false},
  };
  for (const auto& [tag, ok] : rows) {
    auto r = optional_image_tag(one("image-tag", tag), "image-tag");
    EXPECT_EQ(r.ok(), ok) << tag;
    if (!r.ok()) {
      EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
    }
  }
}

TEST(Validate, ImageTagErrorsNeverOfferADigest) {
  auto digest = optional_image_tag(one("image-tag", "sha256:" + std::string(64, 'a')), "image-tag");
  ASSERT_FALSE(digest.ok());
  EXPECT_NE(digest.error().message.find("digests cannot be deployed; give the image's tag"),
            std::string::npos)
      << digest.error().message;
  auto bad = optional_image_tag(one("image-tag", "a b"), "image-tag");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find("sha256"), std::string::npos) << bad.error().message;
}

TEST(Validate, Names) {
  const std::vector<std::tuple<std::string, bool, bool>> rows = {
      {"web", false, true},
      {"web-api_2", false, true},
      {"", false, false},
      {"web api", false, false},
      {"web/x", false, false},
      {std::string(256, 'a'), false, false},
      {"arn:aws:ecs:us-east-1:123456789012:cluster/stg", true, true},
      {"arn:aws:ecs:us-east-1:123456789012:cluster/stg", false, false},
      {"arn:aws:ecs:us-east-1:123456789012:service/stg/web", true, false},  // not a cluster
      {"arn:aws:ecs:us-east-1:123456789012:cluster/st g", true, false},
      {"arn:aws:iam::123456789012:cluster/stg", true, false},
      {"arn:aws:ecs bad", true, false},
  };
  for (const auto& [name, allow_arn, ok] : rows) {
    auto r = optional_name(one("cluster", name), "cluster", allow_arn);
    EXPECT_EQ(r.ok(), ok) << name;
  }
  // The engine sees the name inside the ARN, never the ARN.
  auto cluster = optional_name(one("cluster", "arn:aws:ecs:us-east-1:123456789012:cluster/stg"),
                               "cluster", true);
  ASSERT_TRUE(cluster.ok());
  EXPECT_EQ(**cluster, "stg");
  for (const char* arn : {"arn:aws:ecs:us-east-1:123456789012:service/stg/web",
                          "arn:aws:ecs:us-east-1:123456789012:service/web"}) {
    auto service = optional_name(one("service", arn), "service", true);
    ASSERT_TRUE(service.ok()) << arn;
    EXPECT_EQ(**service, "web");
  }
  auto missing = require_name(OptionValues{}, "cluster");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "missing cluster: pass --cluster, set ECSDEPLOY_CLUSTER, or put 'cluster' in a target "
            "in ecsdeploy.yml");
}

TEST(Validate, RegionAndEndpoint) {
  EXPECT_TRUE(check_region("us-east-1", "--region").ok());
  EXPECT_TRUE(check_region("cn-north-1", "--region").ok());
  EXPECT_TRUE(check_region("us-gov-west-1", "--region").ok());
  EXPECT_EQ(check_region("", "--region").error().message,
            "empty region (from --region): give a region such as us-east-1");
  EXPECT_FALSE(check_region("US-EAST-1", "--region").ok());
  EXPECT_FALSE(check_region("us east 1", "--region").ok());
  EXPECT_FALSE(check_region("useast", "--region").ok());

  for (const char* ok : {"http://127.0.0.1:4566", "https://ecs.us-east-1.amazonaws.com",
                         "http://localhost:8080/", "http://[::1]:5000", "http://emu/base"}) {
    EXPECT_TRUE(check_endpoint_url(ok, "--endpoint-url").ok()) << ok;
  }
  for (const char* bad : {"", "localhost:4566", "ftp://x", "http://", "http://:80", "http://host:0",
                          "http://host:99999", "http://host:abc", "http://a b",
                          "http://user:pw@host", "http://host/?q=1", "http://ho$t"}) {
    auto st = check_endpoint_url(bad, "--endpoint-url");
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_NE(st.error().message.find("invalid endpoint URL"), std::string::npos);
  }
}

TEST(Validate, AccountDurationRepository) {
  EXPECT_TRUE(optional_account_id(one("expect-account", "123456789012"), "expect-account").ok());
  EXPECT_FALSE(optional_account_id(one("expect-account", "12345678901"), "expect-account").ok());
  EXPECT_FALSE(optional_account_id(one("expect-account", "12345678901x"), "expect-account").ok());
  auto d = optional_duration(one("timeout", "1h30m"), "timeout");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(**d, std::chrono::minutes(90));
  EXPECT_FALSE(optional_duration(one("timeout", "0s"), "timeout").ok());
  EXPECT_FALSE(optional_duration(one("timeout", "soon"), "timeout").ok());
  EXPECT_FALSE(optional_duration(one("timeout", "30"), "timeout").ok());
  EXPECT_TRUE(optional_repository(one("repository", "team/web-api"), "repository").ok());
  EXPECT_FALSE(optional_repository(one("repository", "Team/web"), "repository").ok());
  EXPECT_FALSE(optional_repository(one("repository", "web//x"), "repository").ok());
}

TEST(Validate, QuoteValueEscapesControlCharacters) {
  EXPECT_EQ(quote_value("a\x1b[31m"), "'a\\x1b[31m'");
  EXPECT_EQ(quote_value(std::string(100, 'x')), "'" + std::string(80, 'x') + "...'");
}

}  // namespace
}  // namespace cli
