#include "engine/poll_interval.h"

#include <algorithm>

namespace engine {

namespace {

util::Duration next_single_interval(util::Duration previous, const PollSignals& signals,
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

}  // namespace

util::Duration fleet_poll_floor(int services, int calls_per_poll, const PollPolicy& policy) {
  if (calls_per_poll <= 1 || services <= 0 || policy.fleet_calls_per_service_minute <= 0) {
    return util::Duration{0};
  }
  return util::Duration{static_cast<long long>(60000.0 * calls_per_poll /
                                               (policy.fleet_calls_per_service_minute * services))};
}

util::Duration next_poll_interval(util::Duration previous, const PollSignals& signals,
                                  const PollPolicy& policy) {
  return std::max(fleet_poll_floor(signals.services, signals.calls_per_poll, policy),
                  next_single_interval(previous, signals, policy));
}

}  // namespace engine
