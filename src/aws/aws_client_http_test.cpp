// AwsClient over the real socket transport against a local misbehaving server: the whole
// request path (sign, send, classify, retry) with real sockets, and only the clock faked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "aws/aws_client.h"
#include "aws/socket_transport.h"
#include "aws/version.h"
#include "support/flaky_server.h"
#include "support/manual_clock.h"

namespace aws {
namespace {

using testing_support::FlakyServer;
using testing_support::ManualClock;
using Action = FlakyServer::Action;

struct Harness {
  explicit Harness(int max_attempts = 3) {
    transport = make_socket_transport(TransportOptions{});
    Credentials c;
    c.access_key_id = "AKIDEXAMPLE";
    c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    credentials = std::make_unique<StaticProvider>(c);
    ClientConfig config;
    config.region = "us-west-2";
    config.endpoints[Service::Ecs] = server.url("");
    config.max_attempts = max_attempts;
    config.jitter = [] { return 0.5; };
    client = std::make_unique<AwsClient>(*transport, *credentials, clock, config);
  }
  FlakyServer server;
  ManualClock clock;
  std::unique_ptr<HttpTransport> transport;
  std::unique_ptr<CredentialsProvider> credentials;
  std::unique_ptr<AwsClient> client;
};

TEST(AwsClientHttpTest, RidesOutResetsAndThrottlingOverRealSockets) {
  Harness h;
  h.server.push({Action::Reset});
  h.server.push({Action::Respond, 400, {}, R"({"__type":"ThrottlingException"})"});
  h.server.push({Action::Respond, 200, {{"x-amzn-RequestId", "r"}}, R"({"clusterArns":[]})"});
  auto out = h.client->call_json(Service::Ecs, "ListClusters", {});
  ASSERT_TRUE(out.ok()) << out.error().describe();
  EXPECT_EQ(out->dump(), R"({"clusterArns":[]})");
  auto seen = h.server.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(find_header(seen[2].headers, "amz-sdk-request"), "attempt=3; max=3");
  EXPECT_EQ(find_header(seen[2].headers, "User-Agent"), std::string(k_user_agent));
  EXPECT_EQ(find_header(seen[2].headers, "X-Amz-Target"),
            "AmazonEC2ContainerServiceV20141113.ListClusters");
  EXPECT_EQ(seen[2].body, "{}");
  // The reset killed the first connection; the throttled and the final request share one.
  EXPECT_EQ(h.server.connections(), 2);
  EXPECT_EQ(h.clock.sleeps(),
            (std::vector<util::Duration>{util::Duration{25}, util::Duration{1000}}));
}

TEST(AwsClientHttpTest, PartialResponsesAreRetriedThenReported) {
  Harness h(2);
  h.server.push({Action::PartialBody, 200, {}, "{\"clusterArns\":"});
  h.server.push({Action::PartialBody, 200, {}, "{\"clusterArns\":"});
  auto out = h.client->call_json(Service::Ecs, "ListClusters", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "PartialResponse");
  EXPECT_EQ(out.error().kind, util::ErrorKind::Network);
  EXPECT_TRUE(out.error().message.starts_with("ecs:ListClusters: ")) << out.error().message;
  EXPECT_NE(out.error().message.find("gave up after 2 attempts"), std::string::npos);
  EXPECT_EQ(h.server.requests().size(), 2u);
}

}  // namespace
}  // namespace aws
