#include "cli/error_text.h"

#include <gtest/gtest.h>

#include <string>

namespace cli {
namespace {

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

util::Error aws_error(util::ErrorKind kind, std::string code) {
  util::Error e = util::make_error(kind, "the message", std::move(code));
  e.http_status = 400;
  e.request_id = "req-1234";
  return e;
}

// Every hint names the request id (AWS support asks for it) exactly once.
TEST(ErrorTextTest, NamesTheRequestIdOnce) {
  struct Row {
    util::ErrorKind kind;
    std::string code;
    std::string hint;
  };
  const Row rows[] = {
      {util::ErrorKind::AccessDenied, "SignatureDoesNotMatch", "AWS_SECRET_ACCESS_KEY"},
      {util::ErrorKind::AccessDenied, "InvalidClientTokenId", "AWS_ACCESS_KEY_ID"},
      {util::ErrorKind::AccessDenied, "ExpiredTokenException", "have expired"},
      {util::ErrorKind::AccessDenied, "AccessDeniedException", "ecsdeploy whoami"},
      {util::ErrorKind::Network, "CouldNotConnect", "AWS_ENDPOINT_URL"},
      {util::ErrorKind::ServiceError, "ClientException", "the message"},
  };
  for (const auto& row : rows) {
    const std::string text = explain_error(aws_error(row.kind, row.code));
    EXPECT_EQ(count_of(text, "req-1234"), 1u) << text;
    EXPECT_NE(text.find(row.hint), std::string::npos) << text;
  }
}

TEST(ErrorTextTest, AccessDeniedKeepsTheAwsText) {
  const std::string text =
      explain_error(aws_error(util::ErrorKind::AccessDenied, "AccessDeniedException"));
  EXPECT_EQ(text.rfind("access denied: AccessDeniedException: the message (HTTP 400, request id "
                       "req-1234)",
                       0),
            0u)
      << text;
}

TEST(ErrorTextTest, NoRequestIdNoMention) {
  util::Error e = util::make_error(util::ErrorKind::AccessDenied, "denied", "AccessDenied");
  EXPECT_EQ(explain_error(e).find("request id"), std::string::npos);
}

TEST(ErrorTextTest, InvalidInputIsTheMessageAlone) {
  util::Error e = util::make_error(util::ErrorKind::InvalidInput, "bad --image-tag");
  EXPECT_EQ(explain_error(e), "bad --image-tag");
}

}  // namespace
}  // namespace cli
