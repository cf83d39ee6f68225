#include "util/strings.h"

#include <gtest/gtest.h>

namespace util {
namespace {

TEST(StringsTest, Trim) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim("x"), "x");
}

TEST(StringsTest, ToLowerIsAsciiOnly) {
  EXPECT_EQ(to_lower("X-Amz-Date"), "x-amz-date");
  EXPECT_EQ(to_lower("\xC3\x84"), "\xC3\x84");  // Ä stays as is
}

TEST(StringsTest, Iequals) {
  EXPECT_TRUE(iequals("Content-Type", "content-type"));
  EXPECT_FALSE(iequals("Content-Type", "content-typ"));
  EXPECT_FALSE(iequals("a", "b"));
}

TEST(StringsTest, SplitKeepsEmptyFields) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(split("a,", ','), (std::vector<std::string>{"a", ""}));
}

TEST(StringsTest, Join) {
  EXPECT_EQ(join({"a", "b", "c"}, ";"), "a;b;c");
  EXPECT_EQ(join({}, ";"), "");
  EXPECT_EQ(join({"x"}, ", "), "x");
}

TEST(StringsTest, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(uri_encode("-._~AZaz09"), "-._~AZaz09");
  EXPECT_EQ(uri_encode("a b/c+d=e&f"), "a%20b%2Fc%2Bd%3De%26f");
  EXPECT_EQ(uri_encode("a b/c", true), "a%20b/c");
  EXPECT_EQ(uri_encode("\xE1\x88\xB4"), "%E1%88%B4");
  EXPECT_EQ(uri_encode("%"), "%25");
}

TEST(StringsTest, UriDecode) {
  EXPECT_EQ(uri_decode("a%20b%2fc"), "a b/c");
  EXPECT_EQ(uri_decode("a+b"), "a+b");
  EXPECT_EQ(uri_decode("100%"), "100%");
  EXPECT_EQ(uri_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(uri_decode("%E1%88%B4"), "\xE1\x88\xB4");
}

TEST(StringsTest, FormUrlEncodeForAwsQuery) {
  EXPECT_EQ(form_url_encode({{"Action", "AssumeRole"},
                             {"Version", "2011-06-15"},
                             {"RoleArn", "arn:aws:iam::123456789012:role/deploy"},
                             {"RoleSessionName", "a b+c"}}),
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy"
            "&RoleSessionName=a%20b%2Bc");
  EXPECT_EQ(form_url_encode({}), "");
  EXPECT_EQ(form_url_encode({{"Empty", ""}}), "Empty=");
}

TEST(StringsTest, RedactionNeverShowsSecrets) {
  EXPECT_EQ(redact_secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "****");
  EXPECT_EQ(redact_secret(""), "****");
  EXPECT_EQ(redact_access_key_id("AKIDEXAMPLE"), "****MPLE");
  EXPECT_EQ(redact_access_key_id("ABCD"), "****");
  EXPECT_EQ(redact_access_key_id(""), "****");
}

}  // namespace
}  // namespace util
