#include "util/error.h"

#include <gtest/gtest.h>

#include "util/result.h"

namespace util {
namespace {

TEST(ErrorTest, DescribeIncludesCodeStatusAndRequestId) {
  Error e = make_error(ErrorKind::NotFound, "Cluster not found.", "ClusterNotFoundException");
  e.http_status = 400;
  e.request_id = "abc-123";
  EXPECT_EQ(e.describe(),
            "ClusterNotFoundException: Cluster not found. (HTTP 400, request id abc-123)");
}

TEST(ErrorTest, DescribeWithoutCodeOrStatusIsJustTheMessage) {
  EXPECT_EQ(make_error(ErrorKind::Network, "connection refused").describe(), "connection refused");
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = make_error(ErrorKind::Timeout, "slow");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::Timeout);
  Status s;
  EXPECT_TRUE(s.ok());
  Status f = make_error(ErrorKind::Internal, "x");
  EXPECT_FALSE(f.ok());
}

}  // namespace
}  // namespace util
