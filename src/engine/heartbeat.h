#pragma once
// The watch's heartbeat: during a long quiet wait, plain and CI logs would otherwise show
// nothing for minutes, and a silent log looks like a hung job. Pure functions; the watch loop
// calls them once per poll.

#include <chrono>
#include <optional>

#include "engine/events.h"
#include "services/ecs_types.h"
#include "util/clock.h"

namespace engine {

inline constexpr std::chrono::seconds k_heartbeat_interval{60};

// True when a heartbeat is due at `now`: k_heartbeat_interval after the last one, or after
// `started` when none was given yet.
bool heartbeat_due(std::chrono::steady_clock::time_point started,
                   std::optional<std::chrono::steady_clock::time_point> last,
                   std::chrono::steady_clock::time_point now);

// "still waiting: 0/1 running, 1 pending, 3m00s of 30m00s": the counts of the PRIMARY
// deployment in the service's last snapshot (the service's own without one).
Message heartbeat_message(const services::Service& last, util::Duration elapsed,
                          util::Duration timeout);

}  // namespace engine
