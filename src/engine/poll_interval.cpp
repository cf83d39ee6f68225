#include "engine/poll_interval.h"

#include <algorithm>

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

}  // namespace engine
