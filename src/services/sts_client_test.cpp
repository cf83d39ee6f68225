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

}  // namespace
}  // namespace services
