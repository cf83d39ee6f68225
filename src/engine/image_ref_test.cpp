#include "engine/image_ref.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

TEST(ParseImage, Table) {
  struct Row {
    std::string image, registry, repository, tag, digest;
  };
  const Row rows[] = {
      {"nginx", "", "nginx", "", ""},
      {"nginx:1.25", "", "nginx", "1.25", ""},
      {"library/nginx:1", "", "library/nginx", "1", ""},
      {"host:5000/team/web:abc", "host:5000", "team/web", "abc", ""},
      {"host:5000/team/web", "host:5000", "team/web", "", ""},
      {"localhost/web:1", "localhost", "web", "1", ""},
      {"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:sha-1",
       "123456789012.dkr.ecr.us-east-1.amazonaws.com", "web", "sha-1", ""},
      {"repo/app@sha256:abcd", "", "repo/app", "", "sha256:abcd"},
      {"reg.io/app:v1@sha256:abcd", "reg.io", "app", "v1", "sha256:abcd"},
  };
  for (const auto& row : rows) {
    auto ref = parse_image(row.image);
    ASSERT_TRUE(ref.has_value()) << row.image;
    EXPECT_EQ(ref->registry, row.registry) << row.image;
    EXPECT_EQ(ref->repository, row.repository) << row.image;
    EXPECT_EQ(ref->tag, row.tag) << row.image;
    EXPECT_EQ(ref->digest, row.digest) << row.image;
    EXPECT_EQ(ref->str(), row.image);
  }
  EXPECT_FALSE(parse_image("").has_value());
  EXPECT_FALSE(parse_image("repo:").has_value());
  EXPECT_FALSE(parse_image("repo@").has_value());
}

TEST(WithTag, KeepsRegistryPortAndDropsDigest) {
  EXPECT_EQ(with_tag(*parse_image("host:5000/team/web:old"), "new"), "host:5000/team/web:new");
  EXPECT_EQ(with_tag(*parse_image("repo/app@sha256:abcd"), "v2"), "repo/app:v2");
  EXPECT_EQ(with_tag(*parse_image("nginx"), "1.27"), "nginx:1.27");
}

TEST(EcrRepository, RecognisesEcrHostsOnly) {
  auto ecr =
      ecr_repository(*parse_image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1"));
  ASSERT_TRUE(ecr.has_value());
  EXPECT_EQ(ecr->account, "123456789012");
  EXPECT_EQ(ecr->region, "eu-west-1");
  EXPECT_EQ(ecr->repository, "team/web");
  EXPECT_TRUE(ecr_repository(*parse_image("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/w:1")));
  EXPECT_TRUE(
      ecr_repository(*parse_image("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/w:1")));
  EXPECT_FALSE(ecr_repository(*parse_image("ghcr.io/org/web:1")));
  EXPECT_FALSE(ecr_repository(*parse_image("nginx:1")));
  EXPECT_FALSE(ecr_repository(*parse_image("12345678901.dkr.ecr.us-east-1.amazonaws.com/w:1")));
  EXPECT_FALSE(ecr_repository(*parse_image("123456789012.dkr.ecr.us-east-1.example.com/w:1")));
}

}  // namespace
}  // namespace engine
