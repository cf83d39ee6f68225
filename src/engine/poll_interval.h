#pragma once
// How long to wait before the next look at a rollout. Pure. Fast while counts change (more
// change usually follows) or the end is near (so we exit soon after steady state), slower
// while nothing moves, and backing off when throttled. Never a fixed 15 s.

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
};

struct PollPolicy {
  util::Duration fast{1000};
  util::Duration near_end_max{2000};
  util::Duration near_end_window{30000};
  util::Duration idle_max{10000};
  util::Duration throttled_min{4000};
  util::Duration throttled_max{30000};
};

util::Duration next_poll_interval(util::Duration previous, const PollSignals& signals,
                                  const PollPolicy& policy = {});

}  // namespace engine
