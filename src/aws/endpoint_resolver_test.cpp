#include "aws/endpoint_resolver.h"

#include <gtest/gtest.h>

namespace aws {
namespace {

struct Fixture {
  util::MapEnv env;
  SharedConfig config;
  std::optional<ConfigSection> profile;

  util::Result<ResolvedEndpoint> resolve(Service s, std::optional<std::string> flag = {},
                                         const std::string& region = "us-east-1") {
    EndpointInputs in{std::move(flag), &env, &config, profile};
    return resolve_endpoint(s, region, in);
  }
};

Fixture with_config(const std::string& text) {
  auto f = parse_config(text, "~/.aws/config");
  EXPECT_TRUE(f.ok());
  Fixture fx;
  fx.config = SharedConfig(std::move(f).value(), ConfigFile{});
  fx.profile = fx.config.profile("p");
  return fx;
}

TEST(EndpointResolver, PrecedenceTable) {
  auto fx = with_config(
      "[profile p]\nendpoint_url = http://profile:1\nservices = local\n"
      "[services local]\necs =\n  endpoint_url = http://services-ecs:2\n");
  fx.env.set("AWS_ENDPOINT_URL", "http://global:3");
  fx.env.set("AWS_ENDPOINT_URL_ECS", "http://env-ecs:4/");
  fx.env.set("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://env-logs:5");

  auto flag = fx.resolve(Service::Ecs, "http://flag:6");
  EXPECT_EQ(flag->url, "http://flag:6");
  EXPECT_EQ(flag->origin, "--endpoint-url");
  auto ecs = fx.resolve(Service::Ecs);
  EXPECT_EQ(ecs->url, "http://env-ecs:4");
  EXPECT_EQ(ecs->origin, "AWS_ENDPOINT_URL_ECS");
  EXPECT_EQ(fx.resolve(Service::Logs)->url, "http://env-logs:5");
  EXPECT_EQ(fx.resolve(Service::Ecr)->url, "http://global:3");

  fx.env.unset("AWS_ENDPOINT_URL");
  fx.env.unset("AWS_ENDPOINT_URL_ECS");
  auto services = fx.resolve(Service::Ecs);
  EXPECT_EQ(services->url, "http://services-ecs:2");
  EXPECT_EQ(services->origin, "[services local] ecs endpoint_url");
  EXPECT_EQ(fx.resolve(Service::Sts)->url, "http://profile:1");

  fx.env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  auto real = fx.resolve(Service::Logs);
  EXPECT_EQ(real->url, "https://logs.us-east-1.amazonaws.com");
  EXPECT_EQ(real->origin, "default");
  EXPECT_EQ(fx.resolve(Service::Ecs, "http://flag:6")->url, "http://flag:6");
}

TEST(EndpointResolver, DefaultsIncludingChinaFipsAndDualStack) {
  Fixture fx;
  EXPECT_EQ(fx.resolve(Service::Ecr, {}, "cn-north-1")->url,
            "https://api.ecr.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(fx.resolve(Service::Sts, {}, "eu-west-1")->url, "https://sts.eu-west-1.amazonaws.com");
  fx.env.set("AWS_USE_FIPS_ENDPOINT", "true");
  EXPECT_EQ(fx.resolve(Service::Ecs, {}, "us-west-2")->url,
            "https://ecs-fips.us-west-2.amazonaws.com");
  fx.env.set("AWS_USE_FIPS_ENDPOINT", "false");
  fx.env.set("AWS_USE_DUALSTACK_ENDPOINT", "TRUE");
  EXPECT_EQ(fx.resolve(Service::Ecs, {}, "eu-west-1")->url, "https://ecs.eu-west-1.api.aws");
}

TEST(EndpointResolver, ProfileFlags) {
  auto fx = with_config(
      "[profile p]\nuse_fips_endpoint = true\nendpoint_url = http://x:1\n"
      "ignore_configured_endpoint_urls = true\n");
  EXPECT_EQ(fx.resolve(Service::Ecs, {}, "us-west-2")->url,
            "https://ecs-fips.us-west-2.amazonaws.com");
}

TEST(EndpointResolver, MalformedOverridesAreInvalidInputNamingTheirOrigin) {
  Fixture fx;
  auto a = fx.resolve(Service::Ecs, "localhost:4566");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_EQ(a.error().message.rfind("--endpoint-url: ", 0), 0u) << a.error().message;

  fx.env.set("AWS_ENDPOINT_URL_STS", "http://");
  auto b = fx.resolve(Service::Sts);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message.rfind("AWS_ENDPOINT_URL_STS: ", 0), 0u) << b.error().message;

  fx.env.unset("AWS_ENDPOINT_URL_STS");
  fx.env.set("AWS_USE_FIPS_ENDPOINT", "yes");
  auto c = fx.resolve(Service::Sts);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "AWS_USE_FIPS_ENDPOINT must be true or false");

  auto fy = with_config("[profile p]\nservices = missing\n");
  auto d = fy.resolve(Service::Ecs);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("no [services missing] section in ~/.aws/config"),
            std::string::npos);
}

}  // namespace
}  // namespace aws
