#include "services/sts_client.h"

#include <gtest/gtest.h>

namespace services {
namespace {

TEST(ParseCallerIdentity, ReadsAllThreeMembers) {
  auto id = parse_caller_identity(
      R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:assumed-role/ci/gh-run</Arn>
    <UserId>AROAEXAMPLE:gh-run</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>)");
  ASSERT_TRUE(id.ok()) << id.error().describe();
  EXPECT_EQ(id->account, "123456789012");
  EXPECT_EQ(id->arn, "arn:aws:sts::123456789012:assumed-role/ci/gh-run");
  EXPECT_EQ(id->user_id, "AROAEXAMPLE:gh-run");
}

TEST(ParseCallerIdentity, MissingResultIsProtocolError) {
  auto id = parse_caller_identity("<Other/>");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().kind, util::ErrorKind::ProtocolError);
}

TEST(ParseCallerIdentity, MissingAccountIsProtocolError) {
  auto id = parse_caller_identity(
      "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/x</Arn>"
      "</GetCallerIdentityResult></GetCallerIdentityResponse>");
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().kind, util::ErrorKind::ProtocolError);
}

TEST(ParseCallerIdentity, AMalformedAccountOrArnIsSaidToBeMalformed) {
  auto answer = [](const std::string& account, const std::string& arn) {
    return "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>" + arn +
           "</Arn><UserId>AIDA</UserId><Account>" + account +
           "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
  };
  for (const char* account : {"abc", "12345678901", "1234567890123", "12345678901x"}) {
    auto id = parse_caller_identity(answer(account, "arn:aws:iam::123456789012:user/x"));
    ASSERT_FALSE(id.ok()) << account;
    EXPECT_EQ(id.error().kind, util::ErrorKind::ProtocolError);
    EXPECT_NE(id.error().message.find("malformed Account '" + std::string(account) + "'"),
              std::string::npos)
        << id.error().message;
  }
  auto id = parse_caller_identity(answer("123456789012", "garbage"));
  ASSERT_FALSE(id.ok());
  EXPECT_NE(id.error().message.find("malformed Arn 'garbage'"), std::string::npos);
}

}  // namespace
}  // namespace services
