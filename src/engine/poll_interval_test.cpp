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

// The figures of a simulated rollout: polls every `interval` from next_poll_interval, the
// snapshot changing every `change_every` while our deployment converges.
struct Simulated {
  double calls_per_2s = 0;
  long max_converging_interval_ms = 0;  // longest sleep within a minute of a change
};

Simulated simulate(ms change_every, ms total = std::chrono::minutes(5)) {
  Simulated out;
  ms interval{0};
  ms t{0};
  ms last_change{0};
  int polls = 0;
  while (t < total) {
    ++polls;
    PollSignals s;
    s.changed = t > ms(0) && t - last_change >= change_every;
    if (s.changed) {
      last_change = t;
    }
    s.converging = true;
    s.quiet_for = t - last_change;
    s.polls = polls;
    s.elapsed = t;
    interval = next_poll_interval(interval, s);
    if (s.quiet_for < std::chrono::minutes(1)) {
      out.max_converging_interval_ms =
          std::max(out.max_converging_interval_ms, static_cast<long>(interval.count()));
    }
    t += interval;
  }
  out.calls_per_2s = polls * 2000.0 / static_cast<double>(t.count());
  return out;
}

TEST(NextPollInterval, ConvergingCapsTheIntervalAtTwoSecondsForAMinute) {
  const struct {
    long previous;
    long quiet_for;
    long expected;
  } rows[] = {
      {1000, 0, 1500},       // quiet and converging: grow, but
      {1500, 3000, 2000},    // never beyond 2 s (idle growth would give 2.25 s)
      {5000, 10000, 2000},   // a grown interval shrinks back as soon as tasks are pending
      {2000, 59000, 2000},   // still within the minute after the last change
      {2000, 61000, 3000},   // stuck in PENDING for over a minute: 3 s
      {3000, 200000, 3000},  // and no more
  };
  for (const auto& row : rows) {
    PollSignals s;
    s.converging = true;
    s.quiet_for = ms(row.quiet_for);
    EXPECT_EQ(next_poll_interval(ms(row.previous), s).count(), row.expected)
        << row.previous << " quiet " << row.quiet_for;
  }
  // Not converging (nothing can finish soon): the idle growth to 10 s stays.
  EXPECT_EQ(next_poll_interval(ms(8000), PollSignals{}).count(), 10000);
}

TEST(NextPollInterval, BudgetFloorStretchesTheIntervalWhenPollsRunAhead) {
  PollSignals s;
  s.changed = true;
  s.polls = 20;
  s.elapsed = ms(20000);  // 20 polls in 20 s: 16 over the burst of 4, budget says 2.2 s each
  // The 21st poll may come no earlier than (21 - 4) * 2.2 s = 37.4 s: 17.4 s from now.
  EXPECT_EQ(next_poll_interval(ms(1000), s).count(), 17400);
  s.elapsed = ms(60000);  // well within the budget: the fast interval
  EXPECT_EQ(next_poll_interval(ms(1000), s).count(), 1000);
}

TEST(NextPollInterval, FiveMinuteRolloutsStayInsideTheCallBudget) {
  // Issue 4: at most one DescribeServices per 2 s (per 10 services) over a 5-minute rollout,
  // whatever the rhythm of the changes. Figures: a change every 5 s to 60 s -> 0.93, nothing
  // changing (tasks PENDING for minutes) -> 0.74 calls per 2 s.
  for (long every : {5000L, 10000L, 15000L, 30000L, 60000L, 300000L}) {
    Simulated s = simulate(ms(every));
    EXPECT_LE(s.calls_per_2s, 1.0) << "change every " << every << " ms";
    // 2 s, stretched to the budget's 2.2 s once the fast polls after changes used the burst.
    EXPECT_LE(s.max_converging_interval_ms, 2200) << "change every " << every << " ms";
  }
  EXPECT_LT(simulate(ms(300000)).calls_per_2s, 0.8);
}

TEST(FleetBudget, AWatchOneCallCoversHasNoBudget) {
  FleetBudget b = fleet_budget(10, 1, ms(0));
  EXPECT_EQ(b.rate_per_second, 0);
  EXPECT_EQ(fleet_wait(b, 1).count(), 0);
  spend(b, 5);
  EXPECT_EQ(fleet_wait(b, 1).count(), 0);
}

TEST(FleetBudget, CallsAccrueFromTheOriginAtHalfACallPerServicePerMinute) {
  // 100 services: 0.5 * 100 / 60 = 0.833 calls/s; a full poll is 10 calls.
  FleetBudget b = fleet_budget(100, 10, ms(0));
  EXPECT_EQ(fleet_wait(b, 10).count(), 12000);
  // The updates took 10 s: 8.33 calls accrued, the first poll waits for the other 1.67.
  b = fleet_budget(100, 10, ms(10000));
  EXPECT_EQ(fleet_wait(b, 10).count(), 2000);
  accrue(b, ms(2000));
  EXPECT_EQ(fleet_wait(b, 10).count(), 0);
  spend(b, 10);
  // 21 services left: 3 calls, 3.6 s later.
  EXPECT_EQ(fleet_wait(b, 3).count(), 3600);
  EXPECT_EQ(fleet_wait(b, 0).count(), 0);  // every service quiet: no call to wait for
}

TEST(FleetBudget, CreditIsCappedAtTwoFullPolls) {
  // A 10-minute quiet bake saves 500 calls at most 20: the polls after it stay paced.
  FleetBudget b = fleet_budget(100, 10, ms(600000));
  EXPECT_DOUBLE_EQ(b.calls, 20);
  spend(b, 10);
  spend(b, 10);
  EXPECT_EQ(fleet_wait(b, 10).count(), 12000);
}

TEST(FleetBudget, PollsPacedByItAverageAtMostTheBudget) {
  // Polls as fast as the budget lets them, for an hour of virtual time: 500 services (50
  // calls a poll) must average at most 0.5 calls per service per minute.
  FleetBudget b = fleet_budget(500, 50, ms(0));
  long now = 0;
  int calls = 0;
  while (now < 3600000) {
    long wait = fleet_wait(b, 50).count();
    accrue(b, ms(wait));
    now += wait;
    spend(b, 50);
    calls += 50;
    accrue(b, ms(1000));  // the poll itself takes a second
    now += 1000;
  }
  EXPECT_LE(calls / 500.0 / (now / 60000.0), 0.5 + 1e-9);
  EXPECT_GT(calls / 500.0 / (now / 60000.0), 0.45);  // and the budget is not wasted
}

}  // namespace
}  // namespace engine
