#include "engine/heartbeat.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

using std::chrono::seconds;

TEST(Heartbeat, DueEveryMinuteOfWaiting) {
  const std::chrono::steady_clock::time_point t0{seconds(1000)};
  EXPECT_FALSE(heartbeat_due(t0, std::nullopt, t0));
  EXPECT_FALSE(heartbeat_due(t0, std::nullopt, t0 + seconds(59)));
  EXPECT_TRUE(heartbeat_due(t0, std::nullopt, t0 + seconds(60)));
  EXPECT_FALSE(heartbeat_due(t0, t0 + seconds(61), t0 + seconds(100)));
  EXPECT_TRUE(heartbeat_due(t0, t0 + seconds(61), t0 + seconds(121)));
}

TEST(Heartbeat, SaysCountsAndTimeLeft) {
  services::Service s;
  s.desired = 1;
  s.running = 0;
  s.pending = 1;
  Message m = heartbeat_message(s, seconds(180), seconds(1800));
  EXPECT_EQ(m.severity, Severity::Info);
  EXPECT_EQ(m.text, "still waiting: 0/1 running, 1 pending, 3m00s of 30m00s");

  s.desired = 2;
  s.running = 2;  // the old revision's tasks
  s.pending = 0;
  services::Deployment primary;
  primary.status = "PRIMARY";
  primary.desired = 2;
  services::Deployment old;
  old.status = "ACTIVE";
  old.desired = old.running = 2;
  s.deployments = {primary, old};
  EXPECT_EQ(heartbeat_message(s, seconds(60), seconds(1800)).text,
            "still waiting: 0/2 running, 0 pending, 1m00s of 30m00s");
}

}  // namespace
}  // namespace engine
