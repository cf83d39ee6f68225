#include "aws/curl_library.h"

#include <gtest/gtest.h>

#include "aws/curl_transport.h"
#include "aws/retry.h"

namespace aws {
namespace {

TEST(CurlLibraryTest, LoadsLibcurlOnceWithEveryFunction) {
  auto first = load_curl_library();
  ASSERT_TRUE(first.ok()) << first.error().describe();
  const CurlLibrary& curl = **first;
  EXPECT_NE(curl.global_init, nullptr);
  EXPECT_NE(curl.easy_init, nullptr);
  EXPECT_NE(curl.easy_cleanup, nullptr);
  EXPECT_NE(curl.easy_reset, nullptr);
  EXPECT_NE(curl.easy_setopt, nullptr);
  EXPECT_NE(curl.easy_perform, nullptr);
  EXPECT_NE(curl.easy_getinfo, nullptr);
  EXPECT_NE(curl.easy_strerror, nullptr);
  EXPECT_NE(curl.slist_append, nullptr);
  EXPECT_NE(curl.slist_free_all, nullptr);
  EXPECT_STREQ(curl.easy_strerror(CURLE_OK), "No error");

  auto second = load_curl_library(k_libcurl_file);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);  // the same table: loaded and initialised once
}

TEST(CurlLibraryTest, MissingLibraryIsAClearError) {
  auto r = load_curl_library("libcurl-ecsdeploy-missing.so.4");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, util::ErrorKind::Internal);
  EXPECT_EQ(r.error().code, "CurlUnavailable");
  const std::string& m = r.error().message;
  EXPECT_EQ(m.rfind("cannot load libcurl-ecsdeploy-missing.so.4: ", 0), 0u) << m;
  EXPECT_NE(m.find("cannot open shared object file"), std::string::npos) << m;  // dlerror()
  EXPECT_NE(m.find("install libcurl4 (Debian: apt-get install libcurl4)"), std::string::npos) << m;

  auto again = load_curl_library("libcurl-ecsdeploy-missing.so.4");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, m);
}

TEST(CurlLibraryTest, LibraryWithoutCurlFunctionsNamesTheMissingSymbol) {
  // libc loads fine but has none of libcurl's functions.
  auto r = load_curl_library("libc.so.6");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CurlUnavailable");
  EXPECT_NE(r.error().message.find("undefined symbol: curl_global_init"), std::string::npos)
      << r.error().message;
}

TEST(CurlLibraryTest, TransportReportsAMissingLibraryPerRequestWithoutRetrying) {
  CurlOptions options;
  options.library = "libcurl-ecsdeploy-missing.so.4";
  auto transport = make_curl_transport(options);  // loads nothing yet
  HttpRequest request;
  request.url = "http://127.0.0.1:1/";
  auto r = transport->send(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, util::ErrorKind::Internal);
  EXPECT_FALSE(is_retryable(r.error()));  // an installation problem: retrying cannot help
  EXPECT_EQ(r.error().code, "CurlUnavailable");
  EXPECT_NE(r.error().message.find("cannot load libcurl-ecsdeploy-missing.so.4"), std::string::npos)
      << r.error().message;
}

}  // namespace
}  // namespace aws
