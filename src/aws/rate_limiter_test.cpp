#include "aws/rate_limiter.h"

#include <cmath>

#include <gtest/gtest.h>

#include "support/manual_clock.h"

namespace aws {
namespace {

using testing_support::ManualClock;
using util::Duration;
using Steady = std::chrono::steady_clock::time_point;

TEST(EcsBucketTest, PublishedBurstAndRefill) {
  struct Row {
    const char* operation;
    double burst;
    double refill;
  };
  const Row rows[] = {
      {"DescribeServices", 100, 20},          {"UpdateService", 50, 5},
      {"DescribeTaskDefinition", 50, 20},     {"RegisterTaskDefinition", 20, 1},
      {"DescribeClusters", 50, 20},           {"ListTasks", 100, 20},
      {"DescribeServiceDeployments", 50, 20}, {"DescribeServiceRevisions", 50, 20},
  };
  for (const auto& r : rows) {
    auto spec = ecs_bucket(r.operation);
    ASSERT_TRUE(spec) << r.operation;
    EXPECT_EQ(spec->burst, r.burst) << r.operation;
    EXPECT_EQ(spec->refill, r.refill) << r.operation;
  }
  EXPECT_EQ(ecs_bucket("UpdateService")->name, ecs_bucket("CreateService")->name);
  EXPECT_FALSE(ecs_bucket("TagResource"));
}

TEST(ReserveTest, BurstThenOnePerRefillInterval) {
  const Steady t0{};
  TokenBucket b = full_bucket({"task-definition-modify", 20, 1}, t0);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(reserve(b, t0), Duration{0}) << i;
  }
  // Queued reservations wait 1 s, 2 s, 3 s: one per refill.
  EXPECT_EQ(reserve(b, t0), Duration{1000});
  EXPECT_EQ(reserve(b, t0), Duration{2000});
  EXPECT_EQ(reserve(b, t0), Duration{3000});
  // Ten seconds later the queue has drained and seven tokens are back.
  const Steady later = t0 + std::chrono::seconds(10);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(reserve(b, later), Duration{0}) << i;
  }
  EXPECT_EQ(reserve(b, later), Duration{1000});
}

TEST(ReserveTest, RefillNeverExceedsTheBurst) {
  const Steady t0{};
  TokenBucket b = full_bucket({"service-modify", 50, 5}, t0);
  EXPECT_EQ(reserve(b, t0 + std::chrono::hours(1)), Duration{0});
  EXPECT_DOUBLE_EQ(b.tokens, 49);
}

TEST(CubicRateTest, DropsThenGrowsBackToTheRateWhenThrottled) {
  EXPECT_DOUBLE_EQ(rate_after_throttle(20), 14);
  EXPECT_DOUBLE_EQ(rate_after_throttle(0.6), k_min_rate);  // a storm slows, never stops
  // At t = 0 CUBIC starts from beta x Wmax, reaches Wmax at K and passes it later.
  EXPECT_NEAR(cubic_rate(20, 0), 14, 1e-9);
  const double k = std::cbrt(20 * (1 - k_cubic_beta) / k_cubic_scale);
  EXPECT_NEAR(cubic_rate(20, k), 20, 1e-9);
  EXPECT_GT(cubic_rate(20, k + 1), 20);
  EXPECT_LT(cubic_rate(20, k / 2), 20);
}

TEST(RateLimiterTest, PacesAFleetOfUpdatesAtTheRefill) {
  ManualClock clock;
  RateLimiter limiter(clock, false);
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE(limiter.acquire(Service::Ecs, "UpdateService", "us-east-1"));
  }
  // 50 from the burst, then 10 more at 5/s: 2 s in all, in 200 ms steps.
  EXPECT_EQ(limiter.paced_calls(), 10);
  EXPECT_EQ(clock.sleeps().size(), 10u);
  EXPECT_EQ(clock.sleeps().front(), Duration{200});
}

TEST(RateLimiterTest, BucketsArePerRegionAndNotForOtherServices) {
  ManualClock clock;
  RateLimiter limiter(clock, false);
  for (int i = 0; i < 20; ++i) {
    limiter.acquire(Service::Ecs, "RegisterTaskDefinition", "us-east-1");
    limiter.acquire(Service::Ecs, "RegisterTaskDefinition", "eu-west-1");
    limiter.acquire(Service::Ecs, "DeregisterTaskDefinition", "eu-west-1");  // same bucket
  }
  for (int i = 0; i < 500; ++i) {
    limiter.acquire(Service::Ecr, "DescribeImages", "us-east-1");
    limiter.acquire(Service::Ecs, "TagResource", "us-east-1");
  }
  // Only eu-west-1's task-definition-modify bucket ran dry (40 calls on a burst of 20).
  EXPECT_EQ(limiter.paced_calls(), 20);
}

TEST(RateLimiterTest, AThrottlingAnswerEmptiesTheBucket) {
  ManualClock clock;
  RateLimiter limiter(clock, false);
  limiter.acquire(Service::Ecs, "DescribeServices", "us-east-1");
  limiter.record(Service::Ecs, "DescribeServices", "us-east-1", true);
  // Someone else spent the account's tokens: the next call waits a refill interval.
  limiter.acquire(Service::Ecs, "DescribeServices", "us-east-1");
  EXPECT_EQ(clock.sleeps(), (std::vector<Duration>{Duration{50}}));
}

TEST(RateLimiterTest, AdaptiveLowersTheRateAndRecovers) {
  ManualClock clock;
  RateLimiter limiter(clock, true);
  limiter.acquire(Service::Ecs, "UpdateService", "us-east-1");
  limiter.record(Service::Ecs, "UpdateService", "us-east-1", true);
  limiter.acquire(Service::Ecs, "UpdateService", "us-east-1");
  limiter.acquire(Service::Ecs, "UpdateService", "us-east-1");
  // 5/s x 0.7 = 3.5/s: 286 ms per call, and no burst.
  ASSERT_EQ(clock.sleeps().size(), 2u);
  EXPECT_EQ(clock.sleeps()[0], Duration{286});
  EXPECT_EQ(clock.sleeps()[1], Duration{286});
  // A minute later a success brings the published rate back, and with it the burst, which
  // fills at that rate (50 tokens in 10 s).
  clock.advance(std::chrono::minutes(1));
  limiter.record(Service::Ecs, "UpdateService", "us-east-1", false);
  clock.advance(std::chrono::seconds(10));
  const size_t before = clock.sleeps().size();
  for (int i = 0; i < 40; ++i) {
    limiter.acquire(Service::Ecs, "UpdateService", "us-east-1");
  }
  EXPECT_EQ(clock.sleeps().size(), before);
}

TEST(RateLimiterTest, AStormOfThrottlesLeavesTheMinimumRate) {
  ManualClock clock;
  RateLimiter limiter(clock, true);
  for (int i = 0; i < 100; ++i) {
    limiter.acquire(Service::Ecs, "DescribeServices", "us-east-1");
    limiter.record(Service::Ecs, "DescribeServices", "us-east-1", true);
  }
  clock.advance(std::chrono::seconds(10));  // the queue drains at the minimum rate
  const size_t before = clock.sleeps().size();
  limiter.acquire(Service::Ecs, "DescribeServices", "us-east-1");
  limiter.acquire(Service::Ecs, "DescribeServices", "us-east-1");
  ASSERT_EQ(clock.sleeps().size(), before + 1);
  EXPECT_LE(clock.sleeps().back(), Duration{2000});  // 1 / 0.5 per second
}

TEST(RateLimiterTest, StandardModeKeepsThePublishedRate) {
  ManualClock clock;
  RateLimiter limiter(clock, false);
  for (int i = 0; i < 50; ++i) {
    limiter.acquire(Service::Ecs, "UpdateService", "us-east-1");
  }
  limiter.record(Service::Ecs, "UpdateService", "us-east-1", true);
  limiter.acquire(Service::Ecs, "UpdateService", "us-east-1");
  EXPECT_EQ(clock.sleeps(), (std::vector<Duration>{Duration{200}}));
}

}  // namespace
}  // namespace aws
