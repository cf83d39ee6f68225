#pragma once
// Why tasks of our deployment died: stopCode, stoppedReason, container exit codes and the
// tail of the container's CloudWatch log stream, gathered once per task (contributing.md, S10).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/events.h"
#include "engine/reporter.h"

namespace engine {

// A task that stopped on its own (crash, failed start, failed health check), as opposed to
// one stopped by a user or scaled in.
bool stopped_by_failure(const services::Task& task);

struct LogLocation {
  std::string group;
  std::string stream;  // <awslogs-stream-prefix>/<container>/<task-id>
};
// The awslogs location of `container` in `task_arn`; nullopt without awslogs or a prefix.
std::optional<LogLocation> log_location(const std::vector<services::ContainerBasics>& containers,
                                        const std::string& container, const std::string& task_arn);

// Evidence without the log tail.
StoppedTaskEvidence describe_stopped_task(const services::Task& task);

// The counts of our deployment that move when one of its tasks stops.
struct TaskCounts {
  int failed = 0;
  int running = 0;
  int pending = 0;
  bool operator==(const TaskCounts&) const = default;
};
TaskCounts task_counts(const services::Deployment& deployment);

// Pure: whether a ListTasks(STOPPED) can find something new. A task of our deployment that
// stops changes its failedTasks or running/pending counts, or shows up in a service event;
// otherwise the list is what it was at the last look (`last`: counts at that look).
bool stopped_tasks_may_have_changed(const TaskCounts& last, const TaskCounts& now, bool stop_event);

class StoppedTaskTracker {
 public:
  StoppedTaskTracker(const Clients& clients, Reporter& reporter, std::string cluster,
                     std::string service, std::vector<services::ContainerBasics> containers,
                     std::string container, int log_lines);

  // Looks at the service's STOPPED tasks, emits evidence for new failures of our deployment
  // (started by `deployment_id`, or running `task_definition` when the id is unknown) and
  // returns how many have failed so far.
  util::Result<int> poll(const std::string& deployment_id, const std::string& task_definition);
  // Polls only when stopped_tasks_may_have_changed() since the last successful poll (the
  // counts start at zero: a new deployment has stopped nothing). Returns the failures so far.
  util::Result<int> poll_if_changed(const std::string& deployment_id,
                                    const std::string& task_definition, const TaskCounts& counts,
                                    bool stop_event);
  // A fleet watch batches the calls of many trackers (watch.cpp): whether the next
  // poll_if_changed() with these counts polls, the ListTasks of that poll (the ARNs not seen
  // yet, or its error), and the tasks it then uses instead of its own DescribeTasks (one per 100
  // ARNs across the fleet). A task missing from `described` is looked at again at the next poll.
  bool wants_poll(const TaskCounts& counts, bool stop_event) const;
  util::Result<std::vector<std::string>> list_unseen();
  void use_listing(util::Result<std::vector<std::string>> unseen,
                   const std::map<std::string, services::Task>& described);
  // Marks every task the service has stopped so far as seen, without evidence: a scale that
  // watches an existing deployment judges only the tasks that stop from now on.
  util::Status ignore_stopped_so_far();
  int failed() const { return m_failed; }
  int polls() const { return m_polls; }  // ListTasks calls made

 private:
  const Clients& m_clients;
  Reporter& m_reporter;
  std::string m_cluster;
  std::string m_service;
  std::vector<services::ContainerBasics> m_containers;
  std::string m_container;
  int m_log_lines;
  std::set<std::string> m_seen;
  int m_failed = 0;
  int m_logs_fetched = 0;
  int m_polls = 0;
  TaskCounts m_last_counts;
  // Set by use_listing(): the next poll's listing and tasks, used once.
  std::optional<util::Result<std::vector<std::string>>> m_unseen;
  const std::map<std::string, services::Task>* m_described = nullptr;
  void absorb(const services::Task& task, const std::string& deployment_id,
              const std::string& task_definition);
};

}  // namespace engine
