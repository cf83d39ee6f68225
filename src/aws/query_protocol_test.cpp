#include "aws/query_protocol.h"

#include <gtest/gtest.h>

#include "aws/testing/http_response.h"

namespace aws {
namespace {

using testing_support::http_response;

TEST(QueryProtocolTest, BuildsFormBody) {
  HttpRequest r = query_protocol::build_request(
      "https://sts.us-east-1.amazonaws.com", "AssumeRoleWithWebIdentity",
      {{"RoleArn", "arn:aws:iam::123456789012:role/ci"}, {"RoleSessionName", "a b+c"}});
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(find_header(r.headers, "Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(r.body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci&RoleSessionName=a%20b%2Bc");
  EXPECT_EQ(query_protocol::build_request("http://h", "GetCallerIdentity", {}).body,
            "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(QueryProtocolTest, ParseResponse) {
  auto ok = query_protocol::parse_response(
      http_response(200, "<GetCallerIdentityResponse></GetCallerIdentityResponse>"),
      "GetCallerIdentity");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "<GetCallerIdentityResponse></GetCallerIdentityResponse>");
  for (const char* body : {"", "{\"a\":1}", "Service Unavailable"}) {
    auto bad = query_protocol::parse_response(http_response(200, body), "GetCallerIdentity");
    ASSERT_FALSE(bad.ok()) << body;
    EXPECT_EQ(bad.error().kind, util::ErrorKind::ProtocolError);
  }
}

TEST(QueryProtocolTest, DeeplyNestedResponseIsAProtocolError) {
  std::string body;
  for (int i = 0; i < 100000; ++i) {
    body += "<a>";
  }
  auto bad = query_protocol::parse_response(http_response(200, body), "GetCallerIdentity");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, util::ErrorKind::ProtocolError);
  EXPECT_EQ(bad.error().message,
            "GetCallerIdentity: the response is nested deeper than 512 levels (at byte 1536)");
}

}  // namespace
}  // namespace aws
