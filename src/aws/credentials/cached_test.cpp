#include "aws/credentials/cached.h"

#include <gtest/gtest.h>

#include "support/manual_clock.h"

namespace aws {
namespace {

using namespace std::chrono_literals;

// Hands out numbered credentials valid for `lifetime` from the clock's now (0: no
// expiration); can be told to fail.
class CountingProvider final : public CredentialsProvider {
 public:
  CountingProvider(util::Clock& clock, util::Duration lifetime, int* calls, bool* fail)
      : m_clock(clock), m_lifetime(lifetime), m_calls(calls), m_fail(fail) {}
  util::Result<Credentials> get() override {
    ++*m_calls;
    if (*m_fail) {
      return util::make_error(util::ErrorKind::Network, "sts unreachable");
    }
    Credentials c;
    c.access_key_id = "AKID" + std::to_string(*m_calls);
    c.secret_access_key = "s";
    if (m_lifetime.count() > 0) {
      c.expiration = m_clock.now() + m_lifetime;
    }
    return c;
  }

 private:
  util::Clock& m_clock;
  util::Duration m_lifetime;
  int* m_calls;
  bool* m_fail;
};

// A CachedProvider over a CountingProvider whose credentials live `lifetime`, on a manual
// clock; `calls` counts fetches and `fail` makes the next ones fail.
struct Harness {
  explicit Harness(util::Duration lifetime)
      : provider(std::make_unique<CountingProvider>(clock, lifetime, &calls, &fail), clock) {}
  testing_support::ManualClock clock;
  int calls = 0;
  bool fail = false;
  CachedProvider provider;
};

TEST(CachedProvider, ReusesUntilFiveMinutesBeforeExpiry) {
  Harness h(1h);
  EXPECT_EQ(h.provider.get()->access_key_id, "AKID1");
  h.clock.advance(54min);
  EXPECT_EQ(h.provider.get()->access_key_id, "AKID1");
  h.clock.advance(1min);  // 5 minutes left: refresh now
  EXPECT_EQ(h.provider.get()->access_key_id, "AKID2");
  EXPECT_EQ(h.calls, 2);
}

TEST(CachedProvider, TwoHourWaitNeverUsesExpiredCredentials) {
  Harness h(1h);
  for (int i = 0; i < 120; ++i) {  // one signed call a minute for two hours
    auto c = h.provider.get();
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE(c->expiration.has_value());
    EXPECT_GT(*c->expiration - h.clock.now(), 5min - 1s) << "minute " << i;
    h.clock.advance(1min);
  }
  EXPECT_EQ(h.calls, 3);
}

TEST(CachedProvider, FailedRefreshKeepsStillValidCredentialsThenFails) {
  Harness h(1h);
  ASSERT_TRUE(h.provider.get().ok());
  h.fail = true;
  h.clock.advance(57min);  // 3 minutes left: refresh fails, the cached ones still serve
  auto c = h.provider.get();
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKID1");
  h.clock.advance(150s);  // 30 s left: too close, the failure surfaces
  auto d = h.provider.get();
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().kind, util::ErrorKind::Network);
  h.fail = false;
  EXPECT_EQ(h.provider.get()->access_key_id, "AKID4");
}

TEST(CachedProvider, LongTermCredentialsAreFetchedOnce) {
  Harness h(0ms);
  ASSERT_TRUE(h.provider.get().ok());
  h.clock.advance(24h);
  ASSERT_TRUE(h.provider.get().ok());
  EXPECT_EQ(h.calls, 1);
}

}  // namespace
}  // namespace aws
