#pragma once
// status: the service's recently stopped tasks, grouped by why they stopped, so the evidence
// of a failed deploy can be read after its CI log is gone (ECS keeps stopped tasks ~1 hour).

#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/events.h"

namespace engine {

// Tasks that stopped the same way: same revision, stopCode, stoppedReason and per-container
// exit code and reason.
struct StoppedTaskGroup {
  int count = 0;
  std::optional<util::SystemTime> last_stopped_at;
  StoppedTaskEvidence sample;  // the group's newest task, with its log tail when available
};

struct StoppedTasksSection {
  int limit = 0;                         // tasks asked for; 0: not looked at
  int examined = 0;                      // stopped tasks looked at (newest first, at most limit)
  std::vector<StoppedTaskGroup> groups;  // newest first
  std::vector<std::string> warnings;     // what could not be read and which permission it needs
};

// Pure: whether two stopped tasks belong in one group.
bool same_stop(const StoppedTaskEvidence& a, const StoppedTaskEvidence& b);

// Pure: the `limit` newest of `tasks` that have finished stopping (STOPPED), grouped by
// same_stop(), groups ordered by their newest task. Log tails are not filled in.
std::vector<StoppedTaskGroup> group_stopped_tasks(std::vector<services::Task> tasks, int limit);

// ListTasks(STOPPED) + DescribeTasks for `service`, grouped, each group with the last
// `log_lines` lines of its sample task's awslogs stream. Never fails: what it cannot read
// becomes a warning. limit 0 makes no call.
StoppedTasksSection recent_stopped_tasks(const Clients& clients, const std::string& cluster,
                                         const std::string& service, int limit, int log_lines);

}  // namespace engine
