#include "engine/evidence.h"

#include <algorithm>
#include <cctype>

#include "engine/service_tasks.h"
#include "services/arn.h"

namespace engine {

namespace {
constexpr int k_max_log_fetches = 5;

bool contains_ci(std::string_view text, std::string_view word) {
  auto it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

std::string option(const services::ContainerBasics& c, const std::string& key) {
  for (const auto& [k, v] : c.log_options) {
    if (k == key) {
      return v;
    }
  }
  return {};
}
}  // namespace

bool stopped_by_failure(const services::Task& task) {
  if (task.last_status != "STOPPED" && task.desired_status != "STOPPED") {
    return false;
  }
  if (task.stop_code == "UserInitiated") {
    return false;
  }
  // The scheduler also stops tasks that fail load balancer or container health checks.
  if (task.stop_code == "ServiceSchedulerInitiated") {
    return contains_ci(task.stopped_reason, "health");
  }
  return true;
}

std::optional<LogLocation> log_location(const std::vector<services::ContainerBasics>& containers,
                                        const std::string& container, const std::string& task_arn) {
  for (const auto& c : containers) {
    if (c.name != container || c.log_driver != "awslogs") {
      continue;
    }
    std::string group = option(c, "awslogs-group");
    std::string prefix = option(c, "awslogs-stream-prefix");
    if (group.empty() || prefix.empty()) {
      return std::nullopt;
    }
    return LogLocation{group, prefix + "/" + c.name + "/" + services::arn_last_component(task_arn)};
  }
  return std::nullopt;
}

StoppedTaskEvidence describe_stopped_task(const services::Task& task) {
  StoppedTaskEvidence e;
  e.task_arn = task.arn;
  e.task_definition_arn = task.task_definition_arn;
  e.stop_code = task.stop_code;
  e.stopped_reason = task.stopped_reason;
  for (const auto& c : task.containers) {
    e.containers.push_back({c.name, c.exit_code, c.reason});
  }
  return e;
}

TaskCounts task_counts(const services::Deployment& d) {
  return {d.failed_tasks, d.running, d.pending};
}

bool stopped_tasks_may_have_changed(const TaskCounts& last, const TaskCounts& now,
                                    bool stop_event) {
  return stop_event || !(last == now);
}

StoppedTaskTracker::StoppedTaskTracker(const Clients& clients, Reporter& reporter,
                                       std::string cluster, std::string service,
                                       std::vector<services::ContainerBasics> containers,
                                       std::string container, int log_lines)
    : m_clients(clients),
      m_reporter(reporter),
      m_cluster(std::move(cluster)),
      m_service(std::move(service)),
      m_containers(std::move(containers)),
      m_container(std::move(container)),
      m_log_lines(log_lines) {}

util::Result<std::vector<std::string>> StoppedTaskTracker::list_unseen() {
  services::ListTasksRequest list;
  list.cluster = m_cluster;
  list.service_name = m_service;
  list.desired_status = "STOPPED";
  list.max_results = 100;
  ++m_polls;
  auto listed = m_clients.ecs.list_tasks(list);
  if (!listed) {
    return listed.take_error();
  }
  std::vector<std::string> fresh;
  for (const auto& arn : listed->arns) {
    if (!m_seen.count(arn)) {
      fresh.push_back(arn);
    }
  }
  return fresh;
}

bool StoppedTaskTracker::wants_poll(const TaskCounts& counts, bool stop_event) const {
  return stopped_tasks_may_have_changed(m_last_counts, counts, stop_event);
}

void StoppedTaskTracker::use_listing(util::Result<std::vector<std::string>> unseen,
                                     const std::map<std::string, services::Task>& described) {
  m_unseen = std::move(unseen);
  m_described = &described;
}

util::Result<int> StoppedTaskTracker::poll(const std::string& deployment_id,
                                           const std::string& task_definition) {
  if (m_unseen) {
    // Listed and described with the rest of the fleet (use_listing).
    util::Result<std::vector<std::string>> unseen = std::move(*m_unseen);
    m_unseen.reset();
    if (!unseen) {
      return unseen.take_error();
    }
    for (const auto& arn : *unseen) {
      if (auto it = m_described->find(arn); it != m_described->end()) {
        absorb(it->second, deployment_id, task_definition);
      }
    }
    return m_failed;
  }
  auto fresh = list_unseen();
  if (!fresh) {
    return fresh.take_error();
  }
  if (fresh->empty()) {
    return m_failed;
  }
  auto described = m_clients.ecs.describe_tasks(m_cluster, *fresh);
  if (!described) {
    return described.take_error();
  }
  for (const auto& task : described->tasks) {
    absorb(task, deployment_id, task_definition);
  }
  return m_failed;
}

// One described STOPPED-listed task: seen once it has stopped; evidence when it is a failure of
// our deployment.
void StoppedTaskTracker::absorb(const services::Task& task, const std::string& deployment_id,
                                const std::string& task_definition) {
  if (task.last_status != "STOPPED") {
    return;  // still stopping: look again next poll, when its exit code is known
  }
  m_seen.insert(task.arn);
  bool ours = !deployment_id.empty() ? task.started_by == deployment_id
                                     : task.task_definition_arn == task_definition;
  if (!ours || !stopped_by_failure(task)) {
    return;
  }
  ++m_failed;
  StoppedTaskEvidence evidence = describe_stopped_task(task);
  // Prefer the log of a container that exited non-zero, then the deployed container.
  std::string container = m_container;
  for (const auto& c : task.containers) {
    if (c.exit_code && *c.exit_code != 0) {
      container = c.name;
      break;
    }
  }
  auto where = log_location(m_containers, container, task.arn);
  if (!where && container != m_container) {
    where = log_location(m_containers, m_container, task.arn);
  }
  if (task.stop_code == "TaskFailedToStart") {
    // No container ran, so no log stream exists: asking for one only adds a second error.
    evidence.log_error = "the task never started, so it wrote no log lines";
  } else if (!where) {
    evidence.log_error =
        "container '" + container + "' does not use the awslogs driver with a stream prefix";
  } else if (m_logs_fetched >= k_max_log_fetches) {
    evidence.log_group = where->group;
    evidence.log_stream = where->stream;
    evidence.log_error = "log tail not fetched (shown for the first " +
                         std::to_string(k_max_log_fetches) + " stopped tasks)";
  } else {
    ++m_logs_fetched;
    evidence.log_group = where->group;
    evidence.log_stream = where->stream;
    auto tail = m_clients.logs.tail(where->group, where->stream, m_log_lines);
    if (tail) {
      for (const auto& ev : *tail) {
        evidence.log_tail.push_back(ev.message);
      }
    } else {
      // Without the request id: tasks whose logs failed the same way still group as one.
      const util::Error& e = tail.error();
      evidence.log_error = (e.code.empty() ? "" : e.code + ": ") + e.message;
    }
  }
  m_reporter.on(evidence);
}

util::Status StoppedTaskTracker::ignore_stopped_so_far() {
  ++m_polls;
  auto arns = list_task_arns(m_clients, m_cluster, m_service, "STOPPED");
  if (!arns) {
    return arns.take_error();
  }
  m_seen.insert(arns->begin(), arns->end());
  return {};
}

util::Result<int> StoppedTaskTracker::poll_if_changed(const std::string& deployment_id,
                                                      const std::string& task_definition,
                                                      const TaskCounts& counts, bool stop_event) {
  if (!stopped_tasks_may_have_changed(m_last_counts, counts, stop_event)) {
    return m_failed;
  }
  auto polled = poll(deployment_id, task_definition);
  if (polled) {
    m_last_counts = counts;
  }
  return polled;
}

}  // namespace engine
