#pragma once
// Why tasks of our deployment died: stopCode, stoppedReason, container exit codes and the
// tail of the container's CloudWatch log stream, gathered once per task (PRODUCT.md S10).

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

class StoppedTaskTracker {
 public:
  StoppedTaskTracker(const Clients& clients, Reporter& reporter, std::string cluster,
                     std::string service, std::vector<services::ContainerBasics> containers,
                     std::string container, int log_lines);

  // Looks at the service's STOPPED tasks, emits evidence for new failures of our deployment
  // (started by `deployment_id`, or running `task_definition` when the id is unknown) and
  // returns how many have failed so far.
  util::Result<int> poll(const std::string& deployment_id, const std::string& task_definition);

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
};

}  // namespace engine
