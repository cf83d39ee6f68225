#pragma once
// How long to wait before the next look at a rollout. Pure. Fast while counts change (more
// change usually follows), at most ~2 s while our deployment is still converging (so the last
// steps, PENDING -> RUNNING -> old tasks drained, cannot hide inside one long interval),
// slower only while nothing can finish soon, and backing off when throttled. Never a fixed
// 15 s.
//
// Call budget: at most one DescribeServices per 2 s per 10 services averaged over a
// 5-minute rollout. Converging caps the interval at 2 s only for a minute after the last
// change, then at 3 s, so a rollout whose tasks sit in PENDING (or drain) for minutes averages
// about 0.75 calls per 2 s. Fast polls after each change could still exceed the budget when
// counts change every few seconds, so a budget floor stretches the interval whenever the
// polls so far (beyond a small burst) would average under 2 s (poll_interval_test.cpp).

#include <chrono>

#include "util/clock.h"

namespace engine {

struct PollSignals {
  bool changed = false;    // the observed snapshot differs from the previous one
  bool near_end = false;   // counts reached the target; waiting for the final state
  bool throttled = false;  // the last call was throttled (or failed transiently)
  // Time since the snapshot last changed. Near the end we poll fast only for a while after
  // the last change: a long drain (deregistration delay) should not cost a call a second.
  util::Duration quiet_for{0};
  // Our deployment can finish soon: tasks pending, running < desired, old deployments still
  // running tasks, or rolloutState IN_PROGRESS.
  bool converging = false;
  // For the call budget: polls made so far (this one included) and time since the first.
  int polls = 0;
  util::Duration elapsed{0};
  // A fleet watch (deploy --services): its unfinished services and the DescribeServices calls
  // one poll of them costs (one per 10 per cluster).
  int services = 1;
  int calls_per_poll = 1;
};

struct PollPolicy {
  util::Duration fast{1000};
  util::Duration near_end_max{2000};
  util::Duration near_end_window{30000};
  util::Duration converging_max{2000};
  util::Duration converging_window{60000};
  util::Duration converging_slow_max{3000};  // converging, but quiet for over the window
  util::Duration idle_max{10000};
  // Average interval the polls must keep beyond a burst of a few early ones: 2.2 s with a
  // burst of 4 stays under one call per 2 s over five minutes (136 + 4 polls in 300 s).
  util::Duration budget_interval{2200};
  int budget_burst = 4;
  util::Duration throttled_min{4000};
  util::Duration throttled_max{30000};
  // Fleet budget (issue 12): a watch over more services than one call describes keeps its
  // DescribeServices under this many calls per service per minute, so 500 services use a
  // fifth of the account's service-read refill (20/s) and leave the rest to everyone else.
  double fleet_calls_per_service_minute = 0.5;
};

util::Duration next_poll_interval(util::Duration previous, const PollSignals& signals,
                                  const PollPolicy& policy = {});

// The least interval the fleet budget allows (0 for a watch one call covers).
util::Duration fleet_poll_floor(int services, int calls_per_poll, const PollPolicy& policy = {});

}  // namespace engine
