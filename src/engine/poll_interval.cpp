#include "engine/poll_interval.h"

#include <algorithm>

namespace engine {

util::Duration next_poll_interval(util::Duration previous, const PollSignals& signals,
                                  const PollPolicy& policy) {
  previous = std::max(previous, policy.fast);
  if (signals.throttled) {
    return std::clamp(previous * 2, policy.throttled_min, policy.throttled_max);
  }
  if (signals.changed) {
    return policy.fast;
  }
  // Grow by half each quiet poll: 1, 1.5, 2.25, ... up to the cap.
  util::Duration grown = previous + previous / 2;
  if (signals.near_end && signals.quiet_for < policy.near_end_window) {
    return std::min(grown, policy.near_end_max);
  }
  return std::min(grown, policy.idle_max);
}

}  // namespace engine
