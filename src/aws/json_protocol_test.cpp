#include "aws/json_protocol.h"

#include <gtest/gtest.h>

#include "aws/testing/http_response.h"

namespace aws {
namespace {

using nlohmann::ordered_json;

TEST(JsonProtocolTest, BuildsAwsJson11Request) {
  ordered_json input = ordered_json::object();
  input["services"] = {"web"};
  input["cluster"] = "prod";
  HttpRequest r =
      json_protocol::build_request("https://ecs.us-east-1.amazonaws.com",
                                   "AmazonEC2ContainerServiceV20141113", "DescribeServices", input);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://ecs.us-east-1.amazonaws.com/");
  EXPECT_EQ(find_header(r.headers, "content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(find_header(r.headers, "x-amz-target"),
            "AmazonEC2ContainerServiceV20141113.DescribeServices");
  // Insertion order is kept.
  EXPECT_EQ(r.body, R"({"services":["web"],"cluster":"prod"})");
}

TEST(JsonProtocolTest, EmptyInputIsAnEmptyObject) {
  EXPECT_EQ(json_protocol::build_request("http://h", "P", "Op", ordered_json()).body, "{}");
  EXPECT_EQ(json_protocol::build_request("http://h", "P", "Op", ordered_json::object()).body, "{}");
}

TEST(JsonProtocolTest, RequestUrlKeepsBasePath) {
  EXPECT_EQ(json_protocol::request_url("http://127.0.0.1:4566"), "http://127.0.0.1:4566/");
  EXPECT_EQ(json_protocol::request_url("http://127.0.0.1:4566/"), "http://127.0.0.1:4566/");
  EXPECT_EQ(json_protocol::request_url("https://example.com/prefix"),
            "https://example.com/prefix/");
}

TEST(JsonProtocolTest, InvalidUtf8IsReplacedNotThrown) {
  ordered_json input = {{"family", std::string("a\xff")}};
  HttpRequest r = json_protocol::build_request("http://h", "P", "Op", input);
  EXPECT_EQ(r.body, "{\"family\":\"a\xEF\xBF\xBD\"}");
}

// Carries a request id, so protocol errors can be checked for it.
HttpResponse response(int status, std::string body) {
  return testing_support::http_response(status, std::move(body), {{"x-amzn-RequestId", "rid"}});
}

TEST(JsonProtocolTest, ParseKeepsOrderAndUnknownMembers) {
  auto doc = json_protocol::parse_response(
      response(200, R"({"zeta":1,"alpha":{"newField":true},"createdAt":1.69598486678E9})"),
      "DescribeServices");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->dump(), R"({"zeta":1,"alpha":{"newField":true},"createdAt":1695984866.78})");
}

TEST(JsonProtocolTest, EmptyBodyIsEmptyObject) {
  auto doc = json_protocol::parse_response(response(200, ""), "DeleteThing");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->is_object());
  EXPECT_TRUE(doc->empty());
}

TEST(JsonProtocolTest, MalformedBodiesAreProtocolErrors) {
  for (const char* body : {"{\"a\":", "<html></html>", "[1,2]", "\"text\""}) {
    auto doc = json_protocol::parse_response(response(200, body), "DescribeServices");
    ASSERT_FALSE(doc.ok()) << body;
    EXPECT_EQ(doc.error().kind, util::ErrorKind::ProtocolError) << body;
    EXPECT_EQ(doc.error().request_id, "rid");
    EXPECT_NE(doc.error().message.find("DescribeServices"), std::string::npos);
  }
}

TEST(JsonProtocolTest, EpochSecondsTable) {
  struct Row {
    ordered_json value;
    std::optional<long long> ms;
  };
  const Row rows[] = {
      {ordered_json(1695984866), 1695984866000LL},
      {ordered_json::parse("1.69598486678E9"), 1695984866780LL},
      {ordered_json::parse("1695984866.123"), 1695984866123LL},
      {ordered_json::parse("1.5e1"), 15000LL},
      {ordered_json(0), 0LL},
      {ordered_json("1695984866.5"), 1695984866500LL},
      {ordered_json("yesterday"), std::nullopt},
      {ordered_json(""), std::nullopt},
      {ordered_json(nullptr), std::nullopt},
      {ordered_json::parse("1e300"), std::nullopt},
      {ordered_json(true), std::nullopt},
  };
  for (const auto& row : rows) {
    auto t = json_protocol::epoch_seconds(row.value);
    if (!row.ms) {
      EXPECT_FALSE(t.has_value()) << row.value.dump();
      continue;
    }
    ASSERT_TRUE(t.has_value()) << row.value.dump();
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count(),
              *row.ms)
        << row.value.dump();
  }
}

// Regression (fuzz/aws_json crash-be614eab): imagePushedAt 16547274294.123 (year 2494)
// overflowed the nanosecond time_point.
TEST(JsonProtocolTest, EpochSecondsBeyondTheClocksRangeAreNotTimes) {
  EXPECT_EQ(json_protocol::epoch_seconds(ordered_json(16547274294.123)), std::nullopt);
  EXPECT_EQ(json_protocol::epoch_seconds(ordered_json(-9.1e9)), std::nullopt);
  EXPECT_EQ(json_protocol::epoch_seconds(ordered_json("1e10")), std::nullopt);
  auto near_limit = json_protocol::epoch_seconds(ordered_json(8.9e9));
  ASSERT_TRUE(near_limit.has_value());
  EXPECT_EQ(near_limit->time_since_epoch(), std::chrono::seconds(8'900'000'000));
}

// DescribeServices / DescribeTaskDefinition answers with an unknown member nested 100,000
// levels deep used to overflow the stack in nlohmann's recursive copy and destruction.
TEST(JsonProtocolTest, DeeplyNestedResponseIsRefusedBeforeParsing) {
  const std::string deep =
      "{\"services\":[{\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}]}";
  auto r =
      json_protocol::parse_response(testing_support::http_response(200, deep), "DescribeServices");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, util::ErrorKind::ProtocolError);
  EXPECT_EQ(r.error().message,
            "DescribeServices: the response is nested deeper than 512 levels (at byte 527)");
  // 500 levels is legal JSON and is kept as it is (raw pass-through of unknown members).
  const std::string ok = "{\"x\":" + std::string(500, '[') + std::string(500, ']') + "}";
  auto parsed = json_protocol::parse_response(testing_support::http_response(200, ok), "Op");
  ASSERT_TRUE(parsed.ok()) << parsed.error().describe();
  EXPECT_EQ(parsed->dump(), ok);
}

TEST(JsonProtocolTest, ParserMessagesQuotingAHugeTokenAreCut) {
  const std::string body = "{\"a\": " + std::string(5 << 20, '7') + "x}";
  auto r = json_protocol::parse_response(testing_support::http_response(200, body), "Op");
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.error().message.size(), 500u);
  EXPECT_NE(r.error().message.find("[truncated,"), std::string::npos);
}

}  // namespace
}  // namespace aws
