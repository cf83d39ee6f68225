#include "engine/status_stopped.h"

#include <algorithm>
#include <map>

#include "engine/evidence.h"
#include "engine/evidence_groups.h"

namespace engine {

namespace {

// ListTasks pages read at most: newest-first needs every task described (ListTasks has no
// order), and ECS keeps stopped tasks for about an hour, so a few pages cover a service.
constexpr int k_max_list_pages = 3;
constexpr size_t k_describe_batch = 100;  // DescribeTasks accepts up to 100 tasks

std::string denied_or_failed(const std::string& permission, const util::Error& e,
                             const std::string& consequence) {
  const char* what = e.kind == util::ErrorKind::AccessDenied ? " denied" : " failed";
  return permission + what + " (" + e.describe() + "): " + consequence;
}

// The container whose log tells why the task stopped: one that exited non-zero, otherwise
// the first essential one.
std::string log_container(const StoppedTaskEvidence& e,
                          const std::vector<services::ContainerBasics>& containers) {
  for (const auto& c : e.containers) {
    if (c.exit_code && *c.exit_code != 0) {
      return c.name;
    }
  }
  for (const auto& c : containers) {
    if (c.essential) {
      return c.name;
    }
  }
  return containers.empty() ? std::string() : containers.front().name;
}

util::Result<std::vector<services::Task>> list_stopped(const Clients& clients,
                                                       const std::string& cluster,
                                                       const std::string& service) {
  std::vector<std::string> arns;
  services::ListTasksRequest list;
  list.cluster = cluster;
  list.service_name = service;
  list.desired_status = "STOPPED";
  list.max_results = 100;
  for (int page = 0; page < k_max_list_pages; ++page) {
    auto listed = clients.ecs.list_tasks(list);
    if (!listed) {
      return listed.take_error();
    }
    arns.insert(arns.end(), listed->arns.begin(), listed->arns.end());
    if (listed->next_token.empty()) {
      break;
    }
    list.next_token = listed->next_token;
  }
  std::vector<services::Task> tasks;
  for (size_t i = 0; i < arns.size(); i += k_describe_batch) {
    std::vector<std::string> batch(
        arns.begin() + static_cast<std::ptrdiff_t>(i),
        arns.begin() + static_cast<std::ptrdiff_t>(std::min(arns.size(), i + k_describe_batch)));
    auto described = clients.ecs.describe_tasks(cluster, batch);
    if (!described) {
      return described.take_error();
    }
    tasks.insert(tasks.end(), described->tasks.begin(), described->tasks.end());
  }
  return tasks;
}

}  // namespace

std::vector<StoppedTaskGroup> group_stopped_tasks(std::vector<services::Task> tasks, int limit) {
  std::erase_if(tasks, [](const services::Task& t) { return t.last_status != "STOPPED"; });
  // Newest first; a task without stoppedAt sorts last. Ties keep ListTasks order.
  std::stable_sort(tasks.begin(), tasks.end(), [](const auto& a, const auto& b) {
    if (a.stopped_at && b.stopped_at) {
      return *a.stopped_at > *b.stopped_at;
    }
    return a.stopped_at.has_value() && !b.stopped_at.has_value();
  });
  std::stable_partition(tasks.begin(), tasks.end(), stopped_by_failure);
  if (tasks.size() > static_cast<size_t>(std::max(limit, 0))) {
    tasks.resize(static_cast<size_t>(std::max(limit, 0)));
  }
  std::vector<StoppedTaskGroup> groups;
  // Grouped before any log tail is fetched, so same_evidence() compares the stop alone.
  for (const auto& task : tasks) {
    StoppedTaskEvidence e = describe_stopped_task(task);
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const StoppedTaskGroup& g) { return same_evidence(g.sample, e); });
    if (it != groups.end()) {
      ++it->count;  // the first (newest) task stays the sample
      continue;
    }
    groups.push_back({1, stopped_by_failure(task), task.stopped_at, std::move(e)});
  }
  return groups;
}

StoppedTasksSection recent_stopped_tasks(const Clients& clients, const std::string& cluster,
                                         const std::string& service, int limit, int log_lines) {
  StoppedTasksSection section;
  section.limit = std::max(limit, 0);
  if (limit <= 0) {
    return section;
  }
  auto tasks = list_stopped(clients, cluster, service);
  if (!tasks) {
    section.warnings.push_back(denied_or_failed("ecs:ListTasks/ecs:DescribeTasks", tasks.error(),
                                                "recently stopped tasks not shown"));
    return section;
  }
  section.groups = group_stopped_tasks(std::move(*tasks), limit);
  for (const auto& g : section.groups) {
    section.examined += g.count;
  }
  std::map<std::string, std::vector<services::ContainerBasics>> containers_of;  // by revision
  bool logs_readable = log_lines > 0;
  for (auto& g : section.groups) {
    if (!g.failure) {
      continue;  // a scaled-in task's log says nothing about why deploys fail
    }
    StoppedTaskEvidence& e = g.sample;
    if (!containers_of.count(e.task_definition_arn)) {
      auto td = clients.ecs.describe_task_definition(e.task_definition_arn);
      if (!td) {
        e.log_error = "task definition not readable: " + td.error().describe();
        continue;
      }
      containers_of[e.task_definition_arn] = td->containers;
    }
    const auto& containers = containers_of[e.task_definition_arn];
    std::string container = log_container(e, containers);
    auto where = log_location(containers, container, e.task_arn);
    if (!where) {
      e.log_error =
          "container '" + container + "' does not use the awslogs driver with a stream prefix";
      continue;
    }
    e.log_group = where->group;
    e.log_stream = where->stream;
    if (!logs_readable) {
      continue;
    }
    auto tail = clients.logs.tail(where->group, where->stream, log_lines);
    if (!tail) {
      e.log_error = tail.error().describe();
      if (tail.error().kind == util::ErrorKind::AccessDenied) {
        // Every other stream would be denied the same way: one warning, no more calls.
        logs_readable = false;
        section.warnings.push_back(
            denied_or_failed("logs:GetLogEvents", tail.error(), "log lines not shown"));
      }
      continue;
    }
    for (const auto& ev : *tail) {
      e.log_tail.push_back(ev.message);
    }
  }
  return section;
}

}  // namespace engine
