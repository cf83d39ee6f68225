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
  // The most credit the fleet budget keeps, in full polls: a long quiet bake cannot save up
  // a burst of calls for afterwards.
  double fleet_credit_polls = 2;
};

util::Duration next_poll_interval(util::Duration previous, const PollSignals& signals,
                                  const PollPolicy& policy = {});

// The fleet budget: a token bucket of DescribeServices calls for a watch over more services
// than one call describes (deploy --services). Calls accrue at
// fleet_calls_per_service_minute per watched service from the budget's origin (the fleet's
// first UpdateService: its rollouts run from then), up to fleet_credit_polls full polls; a
// poll waits until the calls it needs have accrued, so the watch never averages more than the
// policy's calls per service per minute. A watch one call covers has no budget (rate 0).
struct FleetBudget {
  double rate_per_second = 0;
  double capacity = 0;
  double calls = 0;  // available now; below 0 after a poll that no budget covered
};
// `full_poll_calls`: DescribeServices calls one look at every watched service costs;
// `since_origin`: time from the origin to the watch's start, already accrued.
FleetBudget fleet_budget(int services, int full_poll_calls, util::Duration since_origin,
                         const PollPolicy& policy = {});
void accrue(FleetBudget& budget, util::Duration elapsed);
void spend(FleetBudget& budget, int calls);
// How long a poll of `calls` DescribeServices must wait for them (0 without a budget).
util::Duration fleet_wait(const FleetBudget& budget, int calls);

}  // namespace engine
