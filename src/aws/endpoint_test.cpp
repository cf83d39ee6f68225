#include "aws/endpoint.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

struct DefaultCase {
  Service service;
  const char* region;
  bool fips;
  bool dualstack;
  const char* expected;
};

TEST(EndpointTest, DefaultEndpointsFollowTheRuleSets) {
  const DefaultCase cases[] = {
      {Service::Ecs, "us-east-1", false, false, "https://ecs.us-east-1.amazonaws.com"},
      {Service::Ecr, "eu-west-1", false, false, "https://api.ecr.eu-west-1.amazonaws.com"},
      {Service::Logs, "ap-southeast-2", false, false, "https://logs.ap-southeast-2.amazonaws.com"},
      {Service::ApplicationAutoScaling, "eu-west-1", false, false,
       "https://application-autoscaling.eu-west-1.amazonaws.com"},
      {Service::ApplicationAutoScaling, "cn-north-1", false, false,
       "https://application-autoscaling.cn-north-1.amazonaws.com.cn"},
      {Service::Sts, "us-west-2", false, false, "https://sts.us-west-2.amazonaws.com"},
      {Service::Ecs, "cn-north-1", false, false, "https://ecs.cn-north-1.amazonaws.com.cn"},
      {Service::Ecr, "cn-northwest-1", false, false,
       "https://api.ecr.cn-northwest-1.amazonaws.com.cn"},
      {Service::Sts, "cn-north-1", false, false, "https://sts.cn-north-1.amazonaws.com.cn"},
      {Service::Ecs, "us-east-1", true, false, "https://ecs-fips.us-east-1.amazonaws.com"},
      {Service::Ecr, "us-east-1", true, false, "https://api.ecr-fips.us-east-1.amazonaws.com"},
      {Service::Logs, "us-gov-west-1", true, false,
       "https://logs-fips.us-gov-west-1.amazonaws.com"},
      {Service::Sts, "us-east-2", true, false, "https://sts-fips.us-east-2.amazonaws.com"},
      {Service::Ecs, "eu-central-1", false, true, "https://ecs.eu-central-1.api.aws"},
      {Service::Ecr, "us-east-1", false, true, "https://ecr.us-east-1.api.aws"},
      {Service::Ecr, "us-east-1", true, true, "https://ecr-fips.us-east-1.api.aws"},
      {Service::Logs, "cn-north-1", false, true,
       "https://logs.cn-north-1.api.amazonwebservices.com.cn"},
      {Service::Sts, "us-west-1", true, true, "https://sts-fips.us-west-1.api.aws"},
      {Service::Ecs, "us-iso-east-1", false, false, "https://ecs.us-iso-east-1.c2s.ic.gov"},
      {Service::Ecs, "us-isob-east-1", false, false, "https://ecs.us-isob-east-1.sc2s.sgov.gov"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(default_endpoint(c.service, c.region, c.fips, c.dualstack), c.expected)
        << c.region << " fips=" << c.fips << " dualstack=" << c.dualstack;
  }
}

TEST(EndpointTest, ParsesValidOverrides) {
  auto local = parse_endpoint_url("http://127.0.0.1:4566");
  ASSERT_TRUE(local.ok()) << local.error().message;
  EXPECT_EQ(local->scheme, "http");
  EXPECT_EQ(local->host, "127.0.0.1");
  EXPECT_EQ(local->port, 4566);
  EXPECT_EQ(local->path, "");
  EXPECT_EQ(local->authority(), "127.0.0.1:4566");
  EXPECT_EQ(local->to_string(), "http://127.0.0.1:4566");

  auto https = parse_endpoint_url("HTTPS://Ecs.Example.COM/");
  ASSERT_TRUE(https.ok());
  EXPECT_EQ(https->to_string(), "https://ecs.example.com");
  EXPECT_FALSE(https->port.has_value());
  EXPECT_EQ(https->authority(), "ecs.example.com");

  auto with_path = parse_endpoint_url("http://localhost:4566/aws/");
  ASSERT_TRUE(with_path.ok());
  EXPECT_EQ(with_path->path, "/aws");
  EXPECT_EQ(with_path->to_string(), "http://localhost:4566/aws");

  auto v6 = parse_endpoint_url("http://[::1]:8080");
  ASSERT_TRUE(v6.ok()) << v6.error().message;
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->authority(), "[::1]:8080");
}

TEST(EndpointTest, RejectsMalformedOverridesWithClearMessages) {
  struct Bad {
    const char* url;
    const char* reason;
  };
  const Bad cases[] = {
      {"", "empty"},
      {"localhost:4566", "needs a scheme"},
      {"http://", "no host"},
      {"http://:4566", "no host"},
      {"ftp://example.com", "scheme must be http or https"},
      {"http://localhost:", "port is empty"},
      {"http://localhost:0", "port must be"},
      {"http://localhost:65536", "port must be"},
      {"http://localhost:99999999999", "port must be"},
      {"http://localhost:45a6", "port must be"},
      {"http://localhost:4566?x=1", "query or fragment"},
      {"http://localhost:4566/#frag", "query or fragment"},
      {"http://local host", "whitespace"},
      {"http://exa$mple.com", "invalid characters"},
      {"http://[::1", "unterminated IPv6"},
      {"http://[zz]:80", "malformed IPv6"},
  };
  for (const auto& c : cases) {
    auto r = parse_endpoint_url(c.url);
    ASSERT_FALSE(r.ok()) << c.url;
    EXPECT_EQ(r.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(r.error().message.find(c.reason), std::string::npos)
        << c.url << " -> " << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
  }
}

TEST(EndpointTest, NeverEchoesUserInfo) {
  auto r = parse_endpoint_url("http://admin:hunter2@localhost:4566");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("user info"), std::string::npos);
}

TEST(ServiceInfoTest, EveryServiceHasItsDigestFacts) {
  EXPECT_EQ(service_info(Service::Ecs).signing_name, "ecs");
  EXPECT_EQ(service_info(Service::Ecs).target_prefix, "AmazonEC2ContainerServiceV20141113");
  EXPECT_EQ(service_info(Service::Ecr).signing_name, "ecr");
  EXPECT_EQ(service_info(Service::Ecr).target_prefix, "AmazonEC2ContainerRegistry_V20150921");
  EXPECT_EQ(service_info(Service::Logs).signing_name, "logs");
  EXPECT_EQ(service_info(Service::Logs).target_prefix, "Logs_20140328");
  EXPECT_EQ(service_info(Service::Logs).endpoint_env, "CLOUDWATCH_LOGS");
  EXPECT_EQ(service_info(Service::Logs).config_key, "cloudwatch_logs");
  EXPECT_EQ(service_info(Service::Sts).signing_name, "sts");
  EXPECT_EQ(service_info(Service::Sts).target_prefix, "");
  EXPECT_EQ(service_info(Service::Sts).endpoint_env, "STS");
  EXPECT_EQ(service_info(Service::ApplicationAutoScaling).signing_name, "application-autoscaling");
  EXPECT_EQ(service_info(Service::ApplicationAutoScaling).target_prefix, "AnyScaleFrontendService");
  EXPECT_EQ(service_info(Service::ApplicationAutoScaling).endpoint_env, "APPLICATION_AUTO_SCALING");
  EXPECT_EQ(service_info(Service::ApplicationAutoScaling).config_key, "application_autoscaling");
  for (Service s :
       {Service::Ecs, Service::Ecr, Service::Logs, Service::Sts, Service::ApplicationAutoScaling}) {
    EXPECT_EQ(service_info(s).id, s);
  }
}

}  // namespace
}  // namespace aws
