#include "engine/poll_interval.h"

#include <algorithm>
#include <cmath>

namespace engine {

util::Duration next_poll_interval(util::Duration previous, const PollSignals& signals,
                                  const PollPolicy& policy) {
  previous = std::max(previous, policy.fast);
  if (signals.throttled) {
    return std::clamp(previous * 2, policy.throttled_min, policy.throttled_max);
  }
  // The next poll keeps (polls + 1 - burst) * budget_interval <= elapsed + interval.
  const util::Duration floor =
      (signals.polls + 1 - policy.budget_burst) * policy.budget_interval - signals.elapsed;
  if (signals.changed) {
    return std::max(policy.fast, floor);
  }
  // Grow by half each quiet poll: 1, 1.5, 2.25, ... up to the cap.
  util::Duration grown = previous + previous / 2;
  util::Duration cap = policy.idle_max;
  if (signals.converging) {
    cap = std::min(cap, signals.quiet_for < policy.converging_window ? policy.converging_max
                                                                     : policy.converging_slow_max);
  }
  if (signals.near_end && signals.quiet_for < policy.near_end_window) {
    cap = std::min(cap, policy.near_end_max);
  }
  return std::max(std::min(grown, cap), floor);
}

FleetBudget fleet_budget(int services, int full_poll_calls, util::Duration since_origin,
                         const PollPolicy& policy) {
  FleetBudget b;
  if (full_poll_calls <= 1 || services <= 0 || policy.fleet_calls_per_service_minute <= 0) {
    return b;
  }
  b.rate_per_second = policy.fleet_calls_per_service_minute * services / 60.0;
  b.capacity = policy.fleet_credit_polls * full_poll_calls;
  accrue(b, since_origin);
  return b;
}

void accrue(FleetBudget& budget, util::Duration elapsed) {
  if (budget.rate_per_second > 0 && elapsed.count() > 0) {
    budget.calls =
        std::min(budget.capacity, budget.calls + budget.rate_per_second *
                                                     static_cast<double>(elapsed.count()) / 1000.0);
  }
}

void spend(FleetBudget& budget, int calls) {
  if (budget.rate_per_second > 0) {
    budget.calls -= calls;
  }
}

util::Duration fleet_wait(const FleetBudget& budget, int calls) {
  if (budget.rate_per_second <= 0 || calls <= 0 || budget.calls >= calls) {
    return util::Duration{0};
  }
  // Round up: a millisecond early would still find the calls missing.
  return util::Duration{
      static_cast<long long>(std::ceil((calls - budget.calls) / budget.rate_per_second * 1000.0))};
}

}  // namespace engine
