// Container, IMDS and STS credential sources over real HTTP: the curl transport against a
// local server on 127.0.0.1, so headers, methods and timeouts are what goes on the wire.

#include <gtest/gtest.h>

#include "aws/credentials/assume_role.h"
#include "aws/credentials/container.h"
#include "aws/credentials/imds.h"
#include "aws/socket_transport.h"
#include "aws/testing/http_response.h"
#include "support/local_http_server.h"
#include "support/manual_clock.h"

namespace aws {
namespace {

using testing_support::CapturedRequest;
using testing_support::http_response;
using testing_support::LocalHttpServer;

constexpr const char* k_doc =
    R"({"Code": "Success", "AccessKeyId": "ASIAHTTP", "SecretAccessKey": "HTTPSECRET",
        "Token": "HTTPTOKEN", "Expiration": "2030-01-01T00:00:00Z"})";

TEST(MetadataOverHttp, ContainerFullUriWithAuthorization) {
  LocalHttpServer server([](const CapturedRequest& r) {
    if (r.target != "/v1/credentials" ||
        find_header(r.headers, "Authorization") != std::optional<std::string>("Bearer abc")) {
      return http_response(401, "no");
    }
    return http_response(200, k_doc);
  });
  auto transport = make_socket_transport({});
  util::MapEnv env;
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server.url() + "/v1/credentials");
  env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Bearer abc");
  auto c = ContainerProvider(env, *transport).get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAHTTP");
  EXPECT_EQ(server.requests().at(0).method, "GET");
}

TEST(MetadataOverHttp, ImdsV2Flow) {
  LocalHttpServer server([](const CapturedRequest& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token") {
      return find_header(r.headers, "x-aws-ec2-metadata-token-ttl-seconds") ==
                     std::optional<std::string>("21600")
                 ? http_response(200, "session-token")
                 : http_response(400, "");
    }
    if (find_header(r.headers, "x-aws-ec2-metadata-token") !=
        std::optional<std::string>("session-token")) {
      return http_response(401, "");
    }
    if (r.target == "/latest/meta-data/iam/security-credentials/") {
      return http_response(200, "web-role");
    }
    if (r.target == "/latest/meta-data/iam/security-credentials/web-role") {
      return http_response(200, k_doc);
    }
    return http_response(404, "");
  });
  auto transport = make_socket_transport({});
  util::MapEnv env;
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url());
  auto c = ImdsProvider(env, *transport).get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->source, "imds");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(MetadataOverHttp, ImdsThatDoesNotAnswerIsSkippedQuickly) {
  // A port nothing listens on: connection refused, reported as "not configured".
  int dead_port = 0;
  {
    LocalHttpServer gone([](const CapturedRequest&) { return http_response(200, ""); });
    dead_port = gone.port();
  }
  auto transport = make_socket_transport({});
  util::MapEnv env;
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(dead_port));
  auto started = std::chrono::steady_clock::now();
  auto c = ImdsProvider(env, *transport).get();
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(is_not_configured(c.error()));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(MetadataOverHttp, AssumeRoleIsSignedAndErrorsAreParsed) {
  LocalHttpServer server([](const CapturedRequest& r) {
    if (r.body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fdenied") != std::string::npos) {
      HttpResponse e =
          http_response(403,
                        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                        "<Message>not authorized to perform sts:AssumeRole</Message>"
                        "</Error><RequestId>rid-9</RequestId></ErrorResponse>");
      e.headers = {{"Content-Type", "text/xml"}, {"x-amzn-RequestId", "rid-9"}};
      return e;
    }
    return http_response(
        200,
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE"
        "</AccessKeyId><SecretAccessKey>x</SecretAccessKey><SessionToken>y"
        "</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>"
        "</AssumeRoleResult></AssumeRoleResponse>");
  });
  auto transport = make_socket_transport({});
  testing_support::ManualClock clock;
  StsTarget sts{transport.get(), &clock, server.url(), "us-east-1"};
  Credentials base;
  base.access_key_id = "AKIDBASE";
  base.secret_access_key = "BASESECRET";

  AssumeRoleParams ok_params;
  ok_params.role_arn = "arn:aws:iam::1:role/ok";
  AssumeRoleProvider ok(sts, std::make_unique<StaticProvider>(base), ok_params, "label");
  auto c = ok.get();
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->access_key_id, "ASIAROLE");
  auto auth = find_header(server.requests().at(0).headers, "Authorization").value_or("");
  EXPECT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDBASE/20231114/us-east-1/sts/", 0), 0u)
      << auth;

  AssumeRoleParams denied_params;
  denied_params.role_arn = "arn:aws:iam::1:role/denied";
  AssumeRoleProvider denied(sts, std::make_unique<StaticProvider>(base), denied_params, "l");
  auto d = denied.get();
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, util::ErrorKind::AccessDenied);
  EXPECT_EQ(d.error().code, "AccessDenied");
  EXPECT_EQ(d.error().http_status, 403);
  EXPECT_EQ(d.error().request_id, "rid-9");
  EXPECT_NE(d.error().message.find("STS AssumeRole (arn:aws:iam::1:role/denied) failed"),
            std::string::npos);
}

}  // namespace
}  // namespace aws
