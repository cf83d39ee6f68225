// SigV4 verification, temporary credentials, faults and the control endpoint.
#include <gtest/gtest.h>

#include <cmath>

#include "core/crypto.h"
#include "core/sigv4_verifier.h"
#include "core/virtual_clock.h"
#include "tests/harness.h"

namespace emulator::testing {
namespace {

// AWS SigV4 test suite, "get-vanilla".
TEST(SigV4, MatchesTheAwsTestSuiteVector) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/";
  req.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  std::string canonical = canonical_request(req, "host;x-amz-date");
  EXPECT_EQ(canonical,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sigv4_signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830T123600Z",
                            "20150830/us-east-1/service/aws4_request", canonical),
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

std::string amz_date(double t) {
  return format_utc(t, "%Y%m%dT%H%M%SZ");
}

// A signed DescribeClusters as a client would send it.
HttpRequest signed_request(const std::string& key, const std::string& secret, double when,
                           const std::string& token = "") {
  HttpRequest req;
  std::string date = amz_date(when);
  req.body = "{}";
  req.headers = {{"Host", "127.0.0.1:1234"},
                 {"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeClusters"},
                 {"X-Amz-Date", date}};
  std::string signed_headers = "content-type;host;x-amz-date;x-amz-target";
  if (!token.empty()) {
    req.headers.emplace_back("X-Amz-Security-Token", token);
    signed_headers = "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
  }
  std::string scope = date.substr(0, 8) + "/us-east-1/ecs/aws4_request";
  std::string sig = sigv4_signature(secret, date, scope, canonical_request(req, signed_headers));
  req.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/" + scope +
                                                ", SignedHeaders=" + signed_headers +
                                                ", Signature=" + sig);
  return req;
}

std::unique_ptr<Emulator> authed_emulator() {
  Scenario s = load_scenario(base_scenario(), 0.0, 7, 0);
  return std::make_unique<Emulator>(std::move(s.state), EmulatorOptions{});
}

TEST(SigV4, AcceptsGoodAndRejectsBadRequests) {
  auto emu = authed_emulator();
  double now = real_epoch_now();
  HttpResponse ok = emu->handle(signed_request("AKIDTEST", "s3cr3t", now));
  EXPECT_EQ(ok.status, 200) << ok.body;

  HttpResponse wrong = emu->handle(signed_request("AKIDTEST", "not-it", now));
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(Json::parse(wrong.body)["__type"], "InvalidSignatureException");
  EXPECT_EQ(wrong.body.find("s3cr3t"), std::string::npos);

  HttpResponse unknown = emu->handle(signed_request("AKIDNOPE", "s3cr3t", now));
  EXPECT_EQ(Json::parse(unknown.body)["__type"], "UnrecognizedClientException");

  HttpResponse old = emu->handle(signed_request("AKIDTEST", "s3cr3t", now - 20 * 60));
  Json body = Json::parse(old.body);
  EXPECT_EQ(body["__type"], "InvalidSignatureException");
  EXPECT_EQ(body["message"].get<std::string>().rfind("Signature expired:", 0), 0u);

  HttpRequest tampered = signed_request("AKIDTEST", "s3cr3t", now);
  tampered.body = "{\"clusters\":[\"demo\"]}";
  EXPECT_EQ(emu->handle(tampered).status, 403);

  HttpRequest unsigned_req = signed_request("AKIDTEST", "s3cr3t", now);
  unsigned_req.headers.pop_back();
  EXPECT_EQ(Json::parse(emu->handle(unsigned_req).body)["__type"],
            "MissingAuthenticationTokenException");
}

std::string xml_value(const std::string& xml, const std::string& tag) {
  auto start = xml.find("<" + tag + ">");
  auto end = xml.find("</" + tag + ">");
  if (start == std::string::npos || end == std::string::npos) {
    return {};
  }
  start += tag.size() + 2;
  return xml.substr(start, end - start);
}

TEST(Sts, WebIdentityCredentialsWorkUntilTheyExpireOnTheVirtualClock) {
  auto emu = authed_emulator();
  HttpRequest req;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  req.body =
      "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
      "123456789012%3Arole%2Fdeploy&RoleSessionName=ci&WebIdentityToken=abcdef&DurationSeconds=900";
  HttpResponse r = emu->handle(req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<AssumeRoleWithWebIdentityResponse"), std::string::npos);
  std::string key = xml_value(r.body, "AccessKeyId");
  std::string secret = xml_value(r.body, "SecretAccessKey");
  std::string token = xml_value(r.body, "SessionToken");
  ASSERT_EQ(key.rfind("ASIA", 0), 0u);
  double now = real_epoch_now();
  EXPECT_EQ(emu->handle(signed_request(key, secret, now, token)).status, 200);
  EXPECT_EQ(Json::parse(emu->handle(signed_request(key, secret, now)).body)["__type"],
            "UnrecognizedClientException");
  {
    State& st = emu->state();
    std::lock_guard<std::mutex> lock(st.mutex());
    st.clock().advance(901);
    st.catch_up();
  }
  EXPECT_EQ(Json::parse(emu->handle(signed_request(key, secret, now, token)).body)["__type"],
            "ExpiredTokenException");
}

TEST(Sts, ErrorsAreXml) {
  auto emu = authed_emulator();
  HttpRequest req;
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  req.body = "Action=GetCallerIdentity&Version=2011-06-15";
  HttpResponse r = emu->handle(req);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("<ErrorResponse"), std::string::npos);
  EXPECT_EQ(xml_value(r.body, "Code"), "MissingAuthenticationToken");
}

HttpRequest control(const std::string& method, const std::string& path,
                    const std::string& body = "") {
  HttpRequest req;
  req.method = method;
  auto q = path.find('?');
  req.path = path.substr(0, q);
  req.query = q == std::string::npos ? "" : path.substr(q + 1);
  req.body = body;
  return req;
}

TEST(Control, FaultsThrottleAndReset) {
  Harness h;
  Emulator& emu = h.emulator();
  HttpResponse set = emu.handle_control(
      control("POST", "/_emulator/faults",
              R"({"rules":[{"operation":"DescribeServices","type":"throttle","count":2},
                   {"operation":"ListTasks","type":"error","status":503},
                   {"operation":"DescribeClusters","type":"reset"}]})"));
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(h.call("DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}})["__type"],
            "ThrottlingException");
  h.call("DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}});
  EXPECT_EQ(h.status(), 400);
  h.call("DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}});
  EXPECT_EQ(h.status(), 200);  // count exhausted
  h.call("ListTasks", {{"cluster", "demo"}});
  EXPECT_EQ(h.status(), 503);
  HttpRequest req;
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeClusters"}};
  req.body = "{}";
  EXPECT_EQ(emu.handle(req).delivery, Delivery::ResetConnection);

  HttpResponse bad =
      emu.handle_control(control("POST", "/_emulator/faults", R"({"rules":[{"type":"explode"}]})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("faults.rules[0].type"), std::string::npos);

  Json log = Json::parse(emu.handle_control(control("GET", "/_emulator/requests")).body);
  ASSERT_GE(log["requests"].size(), 5u);
  EXPECT_EQ(log["requests"][0]["operation"], "DescribeServices");
  EXPECT_EQ(log["requests"][0]["error"], "ThrottlingException");
  EXPECT_EQ(log["requests"][0]["caller"], "arn:aws:iam::123456789012:user/deployer");

  HttpRequest remote = control("GET", "/_emulator/state");
  remote.remote_addr = "10.0.0.5";
  EXPECT_EQ(emu.handle_control(remote).status, 403);
}

TEST(Control, TokenBucketsThrottleBursts) {
  Harness h;
  h.emulator().handle_control(control("POST", "/_emulator/faults", R"({"ecsTokenBuckets":true})"));
  int throttled = 0;
  for (int i = 0; i < 30; ++i) {  // task-definition modify bucket: burst 20, 1/s
    Json td = {{"family", "b"}, {"containerDefinitions", {{{"name", "a"}, {"image", "x:1"}}}}};
    h.call("RegisterTaskDefinition", td);
    throttled += h.status() == 400;
  }
  EXPECT_GE(throttled, 9);
  EXPECT_LE(throttled, 10);
}

TEST(Control, AdvanceMovesTheVirtualClock) {
  Harness h;
  Emulator& emu = h.emulator();
  double before =
      Json::parse(emu.handle_control(control("GET", "/_emulator/health")).body)["virtualTime"];
  Json after =
      Json::parse(emu.handle_control(control("POST", "/_emulator/advance?seconds=90")).body);
  EXPECT_NEAR(after["virtualTime"].get<double>() - before, 90, 0.01);
  EXPECT_EQ(emu.handle_control(control("POST", "/_emulator/advance?seconds=x")).status, 400);
  Json state = Json::parse(emu.handle_control(control("GET", "/_emulator/state")).body);
  EXPECT_EQ(state["services"][0]["serviceName"], "web");
}

}  // namespace
}  // namespace emulator::testing
