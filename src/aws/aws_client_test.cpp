#include "aws/aws_client.h"
#include "aws/version.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_transport.h"
#include "support/manual_clock.h"

namespace aws {
namespace {

using testing_support::FakeTransport;
using testing_support::ManualClock;
using util::ErrorKind;

const char* k_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const char* k_token = "FwoGZXIvYXdzEXAMPLETOKEN";

// Counts fetches, so tests can see credentials are asked for on every attempt.
class CountingProvider final : public CredentialsProvider {
 public:
  util::Result<Credentials> get() override {
    ++calls;
    if (fail) {
      return util::make_error(ErrorKind::Credentials, "no credentials: tried env", "NoCredentials");
    }
    Credentials c;
    c.access_key_id = "AKIDEXAMPLE";
    c.secret_access_key = k_secret;
    c.session_token = k_token;
    c.source = "test";
    return c;
  }
  int calls = 0;
  bool fail = false;
};

struct Harness {
  Harness() {
    ClientConfig config;
    config.region = "us-east-1";
    config.endpoints[Service::Ecs] = "https://ecs.us-east-1.amazonaws.com";
    config.endpoints[Service::Sts] = "http://127.0.0.1:4566/";
    config.jitter = [] { return 0.5; };
    config.on_retry = [this](const RetryNotice& n) { notices.push_back(n); };
    client = std::make_unique<AwsClient>(transport, credentials, clock, config);
  }
  std::string header(size_t i, const char* name) const {
    return find_header(transport.requests().at(i).headers, name).value_or("<absent>");
  }

  ManualClock clock;  // 2023-11-14T22:13:20Z
  FakeTransport transport;
  CountingProvider credentials;
  std::vector<RetryNotice> notices;
  std::unique_ptr<AwsClient> client;
};

const char* k_throttled = R"({"__type":"ThrottlingException","message":"Rate exceeded"})";

TEST(AwsClientTest, CallJsonSendsASignedAwsJsonRequest) {
  Harness h;
  h.transport.push(200, R"({"services":[{"serviceName":"web","newMember":1}],"failures":[]})",
                   {{"x-amzn-RequestId", "r1"}});
  auto out = h.client->call_json(Service::Ecs, "DescribeServices",
                                 {{"cluster", "prod"}, {"services", {"web"}}});
  ASSERT_TRUE(out.ok()) << out.error().describe();
  EXPECT_EQ(out->dump(), R"({"services":[{"serviceName":"web","newMember":1}],"failures":[]})");

  ASSERT_EQ(h.transport.requests().size(), 1u);
  const HttpRequest& r = h.transport.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://ecs.us-east-1.amazonaws.com/");
  EXPECT_EQ(r.body, R"({"cluster":"prod","services":["web"]})");
  EXPECT_EQ(h.header(0, "X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.DescribeServices");
  EXPECT_EQ(h.header(0, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(h.header(0, "User-Agent"), std::string(k_user_agent));
  EXPECT_EQ(h.header(0, "X-Amz-Date"), "20231114T221320Z");
  EXPECT_EQ(h.header(0, "X-Amz-Security-Token"), k_token);
  EXPECT_EQ(h.header(0, "amz-sdk-request"), "attempt=1; max=3");
  EXPECT_EQ(h.header(0, "amz-sdk-invocation-id").size(), 36u);
  const std::string auth = h.header(0, "Authorization");
  EXPECT_TRUE(auth.starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/ecs/aws4_request"))
      << auth;
  EXPECT_NE(auth.find("amz-sdk-request"), std::string::npos);  // signed per attempt
  EXPECT_EQ(auth.find(k_secret), std::string::npos);
}

TEST(AwsClientTest, RetriesCarryAttemptHeadersAndOneInvocationId) {
  Harness h;
  h.transport.push(400, k_throttled);
  h.transport.push(503, "");
  h.transport.push(200, "{}");
  auto out = h.client->call_json(Service::Ecs, "ListServices", nlohmann::ordered_json());
  ASSERT_TRUE(out.ok()) << out.error().describe();
  ASSERT_EQ(h.transport.requests().size(), 3u);
  EXPECT_EQ(h.header(0, "amz-sdk-request"), "attempt=1; max=3");
  EXPECT_EQ(h.header(1, "amz-sdk-request"), "attempt=2; max=3");
  EXPECT_EQ(h.header(2, "amz-sdk-request"), "attempt=3; max=3");
  EXPECT_EQ(h.header(0, "amz-sdk-invocation-id"), h.header(2, "amz-sdk-invocation-id"));
  EXPECT_EQ(h.credentials.calls, 3);  // fetched for every attempt
  // Re-signed with the time of each attempt.
  EXPECT_EQ(h.header(1, "X-Amz-Date"), "20231114T221320Z");  // 500 ms later, same second
  EXPECT_EQ(h.clock.sleeps(),
            (std::vector<util::Duration>{util::Duration{500}, util::Duration{50}}));
  ASSERT_EQ(h.notices.size(), 2u);
  EXPECT_EQ(h.notices[0].operation, "ecs:ListServices");
  EXPECT_EQ(h.notices[0].cause.code, "ThrottlingException");
  EXPECT_EQ(h.notices[1].cause.kind, ErrorKind::ServerError);

  h.transport.push(200, "{}");
  ASSERT_TRUE(h.client->call_json(Service::Ecs, "ListServices", {}).ok());
  EXPECT_NE(h.header(3, "amz-sdk-invocation-id"), h.header(0, "amz-sdk-invocation-id"));
}

TEST(AwsClientTest, ServiceErrorsAreClassifiedAndNotRetried) {
  Harness h;
  h.transport.push(
      400,
      R"({"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."})",
      {{"x-amzn-RequestId", "req-42"}});
  auto out = h.client->call_json(Service::Ecs, "DescribeServices", {{"cluster", "nope"}});
  ASSERT_FALSE(out.ok());
  const util::Error& e = out.error();
  EXPECT_EQ(e.kind, ErrorKind::NotFound);
  EXPECT_EQ(e.code, "ClusterNotFoundException");
  EXPECT_EQ(e.message, "Cluster not found.");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.request_id, "req-42");
  EXPECT_EQ(h.transport.requests().size(), 1u);

  for (
      const char* body :
      {R"({"__type":"AccessDeniedException","message":"User: arn:aws:iam::1:user/x is not authorized"})",
       R"({"__type":"ClientException","message":"bad"})"}) {
    Harness d;
    d.transport.push(400, body);
    d.transport.push(200, "{}");
    auto r = d.client->call_json(Service::Ecs, "UpdateService", {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(d.transport.requests().size(), 1u) << body;
    EXPECT_EQ(r.error().describe().find(k_secret), std::string::npos);
    EXPECT_EQ(r.error().describe().find(k_token), std::string::npos);
  }
}

TEST(AwsClientTest, TransportErrorsNameTheOperation) {
  Harness h;
  for (int i = 0; i < 3; ++i) {
    h.transport.push_error(util::make_error(ErrorKind::Network,
                                            "connection reset: POST https://ecs/ (recv failure)",
                                            "ConnectionReset"));
  }
  auto out = h.client->call_json(Service::Ecs, "DescribeServices", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Network);
  EXPECT_EQ(out.error().code, "ConnectionReset");
  EXPECT_TRUE(out.error().message.starts_with("ecs:DescribeServices: connection reset"))
      << out.error().message;
  EXPECT_EQ(h.transport.requests().size(), 3u);
}

TEST(AwsClientTest, CredentialFailuresStopBeforeSending) {
  Harness h;
  h.credentials.fail = true;
  auto out = h.client->call_json(Service::Ecs, "ListClusters", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Credentials);
  EXPECT_EQ(out.error().message, "no credentials: tried env");
  EXPECT_TRUE(h.transport.requests().empty());
  EXPECT_EQ(h.credentials.calls, 1);
}

TEST(AwsClientTest, EndpointOverrideKeepsSigningNameAndRegion) {
  Harness h;
  h.transport.push(200,
                   "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</"
                   "Account></GetCallerIdentityResult></GetCallerIdentityResponse>");
  auto out = h.client->call_query(Service::Sts, "GetCallerIdentity", {});
  ASSERT_TRUE(out.ok()) << out.error().describe();
  EXPECT_NE(out->find("123456789012"), std::string::npos);
  const HttpRequest& r = h.transport.requests()[0];
  EXPECT_EQ(r.url, "http://127.0.0.1:4566/");
  EXPECT_EQ(r.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(h.header(0, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_TRUE(h.header(0, "Authorization")
                  .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/sts/"));
}

TEST(AwsClientTest, QueryErrorsAreParsedFromXml) {
  Harness h;
  h.transport.push(403,
                   "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                   "<Message>The security token included in the request is invalid.</Message>"
                   "</Error><RequestId>sts-req</RequestId></ErrorResponse>");
  auto out = h.client->call_query(Service::Sts, "GetCallerIdentity", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::AccessDenied);
  EXPECT_EQ(out.error().code, "InvalidClientTokenId");
  EXPECT_EQ(out.error().request_id, "sts-req");
  EXPECT_EQ(out.error().http_status, 403);
}

TEST(AwsClientTest, ClockSkewShiftsTheSigningTime) {
  Harness h;
  h.transport.push(
      400,
      R"json({"__type":"InvalidSignatureException","message":"Signature expired: 20231114T221320Z is now earlier than 20231114T221820Z (20231114T223320Z - 15 min.)"})json",
      {{"Date", "Tue, 14 Nov 2023 22:33:20 GMT"}});
  h.transport.push(200, "{}");
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.client->call_json(Service::Ecs, "ListClusters", {}).ok());
  EXPECT_EQ(h.header(0, "X-Amz-Date"), "20231114T221320Z");
  EXPECT_EQ(h.header(1, "X-Amz-Date"), "20231114T223320Z");
  EXPECT_EQ(h.client->clock_offset(), std::chrono::minutes(20));
  EXPECT_TRUE(h.clock.sleeps().empty());
  ASSERT_TRUE(h.client->call_json(Service::Ecs, "ListClusters", {}).ok());
  EXPECT_EQ(h.header(2, "X-Amz-Date"), "20231114T223320Z");
}

TEST(AwsClientTest, MalformedJsonIsAProtocolError) {
  Harness h;
  h.transport.push(200, "{\"services\":[", {{"x-amzn-RequestId", "r9"}});
  auto out = h.client->call_json(Service::Ecs, "DescribeServices", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::ProtocolError);
  EXPECT_EQ(out.error().request_id, "r9");
  EXPECT_TRUE(out.error().message.starts_with("ecs:DescribeServices: ")) << out.error().message;
}

TEST(AwsClientTest, MissingEndpointFallsBackToTheRegionalDefault) {
  Harness h;
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.client->call_json(Service::Logs, "DescribeLogGroups", {}).ok());
  EXPECT_EQ(h.transport.requests()[0].url, "https://logs.us-east-1.amazonaws.com/");
  EXPECT_EQ(h.header(0, "X-Amz-Target"), "Logs_20140328.DescribeLogGroups");
}

// An ECR image in eu-west-1 is only known to eu-west-1's ECR: sign for and send to it.
TEST(AwsClientTest, CallInAnotherRegionSignsForItAndUsesItsDefaultEndpoint) {
  ManualClock clock;
  FakeTransport transport;
  CountingProvider credentials;
  ClientConfig config;
  config.region = "us-east-1";
  config.endpoints[Service::Ecr] = "https://api.ecr.us-east-1.amazonaws.com";
  config.regional_endpoints.insert(Service::Ecr);
  AwsClient client(transport, credentials, clock, config);
  transport.push(200, "{}");
  transport.push(200, "{}");
  ASSERT_TRUE(client.call_json(Service::Ecr, "DescribeImages", {}, "eu-west-1").ok());
  ASSERT_TRUE(client.call_json(Service::Ecr, "DescribeImages", {}).ok());
  EXPECT_EQ(transport.requests()[0].url, "https://api.ecr.eu-west-1.amazonaws.com/");
  EXPECT_NE(find_header(transport.requests()[0].headers, "Authorization")
                ->find("/20231114/eu-west-1/ecr/aws4_request"),
            std::string::npos);
  EXPECT_EQ(transport.requests()[1].url, "https://api.ecr.us-east-1.amazonaws.com/");
  EXPECT_NE(find_header(transport.requests()[1].headers, "Authorization")
                ->find("/20231114/us-east-1/ecr/aws4_request"),
            std::string::npos);
}

// An endpoint override (an emulator, a VPC endpoint) serves every region; only the signature
// names the other region.
TEST(AwsClientTest, CallInAnotherRegionKeepsAnEndpointOverride) {
  Harness h;
  h.transport.push(200, "{}");
  ASSERT_TRUE(h.client->call_json(Service::Sts, "X", {}, "eu-west-1").ok());
  EXPECT_EQ(h.transport.requests()[0].url, "http://127.0.0.1:4566/");
  EXPECT_NE(h.header(0, "Authorization").find("/eu-west-1/sts/aws4_request"), std::string::npos);
}

TEST(AwsClientTest, MaxAttemptsComesFromTheConfig) {
  ManualClock clock;
  FakeTransport transport;
  CountingProvider credentials;
  ClientConfig config;
  config.region = "eu-west-1";
  config.max_attempts = 5;
  config.jitter = [] { return 0.0; };
  AwsClient client(transport, credentials, clock, config);
  for (int i = 0; i < 5; ++i) {
    transport.push(400, k_throttled);
  }
  auto out = client.call_json(Service::Ecr, "DescribeImages", {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, ErrorKind::Throttling);
  ASSERT_EQ(transport.requests().size(), 5u);
  EXPECT_EQ(find_header(transport.requests()[4].headers, "amz-sdk-request"), "attempt=5; max=5");
  EXPECT_EQ(transport.requests()[0].url, "https://api.ecr.eu-west-1.amazonaws.com/");
}

}  // namespace
}  // namespace aws
