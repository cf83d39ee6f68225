#include "engine/poll_interval.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

using ms = std::chrono::milliseconds;

TEST(NextPollInterval, Table) {
  struct Row {
    long previous;
    PollSignals signals;
    long expected;
  };
  const Row rows[] = {
      {1000, {true, false, false}, 1000},    // counts moving: fast
      {8000, {true, false, false}, 1000},    // movement resets the interval
      {1000, {false, false, false}, 1500},   // quiet: grow by half
      {8000, {false, false, false}, 10000},  // capped at 10 s
      {10000, {false, false, false}, 10000},
      {1000, {false, true, false}, 1500},  // near the end: grow, but
      {1500, {false, true, false}, 2000},  // never beyond 2 s
      {10000, {false, true, false}, 2000},
      {1000, {false, false, true}, 4000},             // throttled: back off
      {4000, {true, false, true}, 8000},              // throttling wins over change
      {20000, {false, false, true}, 30000},           // capped at 30 s
      {0, {false, false, false}, 1500},               // zero previous reads as the fast interval
      {2000, {false, true, false, ms(29000)}, 2000},  // near the end, soon after a change
      {2000, {false, true, false, ms(31000)}, 3000},  // a long quiet drain: idle growth
  };
  for (const auto& row : rows) {
    EXPECT_EQ(next_poll_interval(ms(row.previous), row.signals).count(), row.expected)
        << row.previous << " changed=" << row.signals.changed << " near=" << row.signals.near_end
        << " throttled=" << row.signals.throttled;
  }
}

TEST(NextPollInterval, LongDrainNearTheEndAveragesAboveTwoSeconds) {
  // Five minutes with running == desired while old tasks drain and nothing changes.
  ms interval{1000};
  ms total{0};
  int polls = 0;
  while (total < std::chrono::minutes(5)) {
    interval = next_poll_interval(interval, {false, true, false, total});
    total += interval;
    ++polls;
  }
  EXPECT_GT(total.count() / polls, 2000);
}

TEST(NextPollInterval, QuietRolloutAveragesAboveTwoSeconds) {
  // Ten minutes of nothing moving: the interval settles at the idle cap.
  ms interval{1000};
  ms total{0};
  int polls = 0;
  while (total < std::chrono::minutes(10)) {
    interval = next_poll_interval(interval, {});
    total += interval;
    ++polls;
  }
  EXPECT_GT(total.count() / polls, 2000);
}

}  // namespace
}  // namespace engine
