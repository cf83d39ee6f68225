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
  bool failure = false;  // stopped_by_failure(): a crash or failed health check, not a scale-in
  std::optional<util::SystemTime> last_stopped_at;
  StoppedTaskEvidence sample;  // the group's newest task, with its log tail when available
};

struct StoppedTasksSection {
  int limit = 0;                         // tasks asked for; 0: not looked at
  int examined = 0;                      // stopped tasks looked at (newest first, at most limit)
  std::vector<StoppedTaskGroup> groups;  // newest first
  std::vector<std::string> warnings;     // what could not be read and which permission it needs
};

// Pure: `limit` of `tasks` that have finished stopping (STOPPED), the newest failures first
// (tasks stopped by a scale-in or a rollback would crowd them out), then the newest others;
// grouped by same_evidence() (evidence_groups.h), failure groups first, each by its newest
// task. No log tails.
std::vector<StoppedTaskGroup> group_stopped_tasks(std::vector<services::Task> tasks, int limit);

// ListTasks(STOPPED) + DescribeTasks for `service`, grouped, each failure group with the last
// `log_lines` lines of its sample task's awslogs stream. Never fails: what it cannot read
// becomes a warning. limit 0 makes no call.
StoppedTasksSection recent_stopped_tasks(const Clients& clients, const std::string& cluster,
                                         const std::string& service, int limit, int log_lines);

}  // namespace engine
