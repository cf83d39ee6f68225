#pragma once
// The settle window: a rollout ECS calls SUCCESSFUL is ours to call a success only once every
// task of the new revision has stayed up for a while, so a task that dies a minute after start
// (a database it cannot reach, a failing health check) is caught as a failure instead of being
// reported as a success right after its crash. Pure decisions; the watch fetches.

#include <chrono>
#include <optional>
#include <vector>

#include "services/ecs_types.h"
#include "util/clock.h"

namespace engine {

constexpr std::chrono::seconds k_min_settle_window{60};

// The default window: a minute, or longer when the service's health check grace period or a
// container health check (startPeriod + interval x retries) needs longer to give a verdict.
std::chrono::seconds default_settle_window(
    const services::Service& service, const std::vector<services::ContainerBasics>& containers);

struct SettleProgress {
  bool done = false;
  int tasks = 0;             // RUNNING tasks of our deployment seen
  util::SystemTime until{};  // when the youngest of them has run the window (service time)
};

// `tasks`: the service's tasks of our deployment (started by `deployment_id`, or running
// `task_definition` when the id is unknown). Done when at least `desired` of them are RUNNING
// and each has run for `window` by `now` (the service's clock). A RUNNING task without a
// start time counts as just started.
SettleProgress assess_settle(const std::vector<services::Task>& tasks,
                             const std::string& deployment_id, const std::string& task_definition,
                             int desired, util::SystemTime now, std::chrono::seconds window);

}  // namespace engine
