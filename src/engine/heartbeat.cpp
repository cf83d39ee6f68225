#include "engine/heartbeat.h"

#include "util/time.h"

namespace engine {

bool heartbeat_due(std::chrono::steady_clock::time_point started,
                   std::optional<std::chrono::steady_clock::time_point> last,
                   std::chrono::steady_clock::time_point now) {
  return now - last.value_or(started) >= k_heartbeat_interval;
}

Message heartbeat_message(const services::Service& last, util::Duration elapsed,
                          util::Duration timeout) {
  // The PRIMARY deployment is the one being waited for: the old tasks' counts would read as
  // progress that is not there.
  int desired = last.desired;
  int running = last.running;
  int pending = last.pending;
  for (const auto& d : last.deployments) {
    if (d.status == "PRIMARY") {
      desired = d.desired;
      running = d.running;
      pending = d.pending;
    }
  }
  return Message{Severity::Info,
                 "still waiting: " + std::to_string(running) + "/" + std::to_string(desired) +
                     " running, " + std::to_string(pending) + " pending, " +
                     util::format_duration(elapsed) + " of " + util::format_duration(timeout)};
}

}  // namespace engine
