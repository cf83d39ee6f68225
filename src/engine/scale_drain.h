#pragma once
// After `scale --desired-count 0`: waiting until no task of the service is left, not only until
// the service's counts read 0. DescribeServices' runningCount and pendingCount count tasks whose
// lastStatus is RUNNING / PENDING, and ListTasks(desiredStatus=RUNNING) lists tasks ECS still
// wants running; a task ECS is stopping (desiredStatus STOPPED, lastStatus DEACTIVATING,
// STOPPING or DEPROVISIONING) is in none of them. Only DescribeTasks' lastStatus says it has
// STOPPED, so the wait lists the service's stopped-desired tasks and describes them.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "services/ecs_types.h"
#include "util/clock.h"

namespace engine {

// Pure: how many of these tasks (ListTasks STOPPED, described) have not reached STOPPED yet.
int tasks_still_stopping(const std::vector<services::Task>& tasks);

struct DrainResult {
  Outcome outcome = Outcome::Error;  // Succeeded, TimedOut, Interrupted or Error
  int wanted_running = 0;            // ListTasks(desiredStatus=RUNNING) at the last look
  int stopping = 0;                  // described tasks not yet STOPPED at the last look
  std::optional<util::Error> error;
};

// Polls (every `interval`) until the service has no task ECS wants running and none still
// stopping, or `deadline` passes.
DrainResult wait_until_no_task(const Clients& clients, util::Clock& clock, Reporter& reporter,
                               const std::string& cluster, const std::string& service,
                               std::chrono::steady_clock::time_point deadline,
                               std::chrono::milliseconds interval = std::chrono::seconds(3));

}  // namespace engine
