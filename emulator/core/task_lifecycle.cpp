#include "core/task_lifecycle.h"
#include "core/arn.h"

#include <algorithm>
#include <cmath>

#include "core/log_store.h"

namespace emulator {
namespace {

double jittered(State& st, double base) {
  double j = st.timings.jitter;
  return std::max(0.0, base * st.ids().uniform(1.0 - j, 1.0 + j));
}

std::string cluster_name(const std::string& cluster_arn) {
  return arn_resource(cluster_arn, "cluster").value_or(cluster_arn);
}

bool secret_known(const State& st, const std::string& value_from) {
  for (const auto& s : st.secrets) {
    if (s == value_from) {
      return true;
    }
    // A name matches an ARN ending in ":secret:<name>" or ":secret:<name>-XXXXXX".
    auto arn_tail = arn_resource(value_from, "secret");
    if (arn_tail) {
      std::string tail = *arn_tail;
      auto colon = tail.find(':');  // json-key suffix
      if (colon != std::string::npos) {
        tail = tail.substr(0, colon);
      }
      if (tail == s || tail.rfind(s + "-", 0) == 0) {
        return true;
      }
    }
    if (value_from.find(":parameter") != std::string::npos && value_from.size() >= s.size() &&
        value_from.compare(value_from.size() - s.size(), s.size(), s) == 0) {
      return true;
    }
  }
  return false;
}

// Decides fate, failure reason and log lines from the task definition's containers.
void plan_fate(State& st, Task& task, const Json& containers) {
  int rank = 0;  // higher rank wins: pull 4, secret 3, crash 2, unhealthy 1
  double delay = 0;
  for (const auto& def : containers) {
    std::string name = def.value("name", "");
    std::string image = def.value("image", "");
    const ImageBehavior& b = st.behavior_for(image);
    delay = std::max(delay, b.start_delay_seconds);
    std::string digest = st.resolve_ecr_image(image);
    bool essential = def.value("essential", true);
    auto set = [&](int r, TaskFate fate, const std::string& reason) {
      if (r > rank) {
        rank = r;
        task.fate = fate;
        task.failure_reason = reason;
        task.failing_container = name;
        task.failure_exit_code = b.exit_code;
      }
    };
    if (digest == "MISSING" || b.kind == "pullError") {
      set(4, TaskFate::PullFailure,
          "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to "
          "resolve ref " +
              image + ": " + image + ": not found");
      continue;
    }
    if (b.kind == "missingSecret") {
      set(3, TaskFate::SecretFailure,
          "ResourceInitializationError: unable to pull secrets or registry auth: execution "
          "resource retrieval failed: unable to retrieve secret from asm: service call has been "
          "retried 1 time(s): failed to fetch secret " +
              st.arn("secretsmanager", task.account, "secret:" + b.secret_name) +
              " from secrets manager: ResourceNotFoundException: Secrets Manager can't find the "
              "specified secret.");
    }
    if (st.check_secrets && def.contains("secrets") && def["secrets"].is_array()) {
      for (const auto& s : def["secrets"]) {
        std::string from = s.value("valueFrom", "");
        if (!from.empty() && !secret_known(st, from)) {
          set(3, TaskFate::SecretFailure,
              "ResourceInitializationError: unable to pull secrets or registry auth: execution "
              "resource retrieval failed: unable to retrieve secret from asm: service call has "
              "been retried 1 time(s): failed to fetch secret " +
                  from +
                  " from secrets manager: ResourceNotFoundException: Secrets Manager can't find "
                  "the specified secret.");
        }
      }
    }
    if (b.kind == "crash" && essential) {
      set(2, TaskFate::Crash, "Essential container in task exited");
    }
    if (b.kind == "unhealthy" && essential) {
      set(1, TaskFate::Unhealthy, "Task failed container health checks");
    }
    if (task.log_lines.empty() || task.failing_container == name) {
      task.log_lines = b.log_lines;
    }
    Container c;
    c.name = name;
    c.image = image;
    c.image_digest = digest == "MISSING" ? "" : digest;
    c.essential = essential;
    c.has_health_check = def.contains("healthCheck") || b.kind == "unhealthy";
    c.runtime_id = task.id + "-" + st.ids().digits(10);
    task.containers.push_back(std::move(c));
    const Json& log = def.contains("logConfiguration") ? def["logConfiguration"] : Json();
    if (log.is_object() && log.value("logDriver", "") == "awslogs" && log.contains("options") &&
        task.log_group.empty()) {
      task.log_group = log["options"].value("awslogs-group", "");
      task.log_stream_prefix = log["options"].value("awslogs-stream-prefix", "");
      if (log["options"].value("awslogs-create-group", "") == "true") {
        create_log_group(st, task.account, task.log_group);
      }
    }
  }
  // Containers created above skipped a pull-failing one; add it back so DescribeTasks shows it.
  for (const auto& def : containers) {
    std::string name = def.value("name", "");
    bool present = std::any_of(task.containers.begin(), task.containers.end(),
                               [&](const Container& c) { return c.name == name; });
    if (!present) {
      Container c;
      c.name = name;
      c.image = def.value("image", "");
      c.essential = def.value("essential", true);
      task.containers.push_back(std::move(c));
    }
  }
  task.next_at = task.created_at + jittered(st, st.timings.provisioning);
  task.counted_healthy_at = delay;  // temporarily holds the extra start delay
}

void write_logs(State& st, Task& task, const std::string& container,
                const std::vector<std::string>& lines, double at) {
  if (task.log_group.empty() || lines.empty()) {
    return;
  }
  LogGroup* group = find_log_group(st, task.account, task.log_group);
  if (group == nullptr) {
    return;
  }
  std::string stream_name = task.log_stream_prefix.empty()
                                ? container + "/" + task.id
                                : task.log_stream_prefix + "/" + container + "/" + task.id;
  LogStream& stream = ensure_log_stream(st, *group, stream_name);
  std::vector<LogEvent> events;
  long long ms = static_cast<long long>(std::llround(at * 1000));
  for (const auto& line : lines) {
    events.push_back(LogEvent{ms, ms + 200, line});
    ms += 1;
  }
  append_log_events(stream, std::move(events));
}

std::string primary_container(const Task& task) {
  if (!task.failing_container.empty()) {
    return task.failing_container;
  }
  return task.containers.empty() ? std::string("app") : task.containers.front().name;
}

void fail_to_start(Task& task, double now) {
  task.desired_status = "STOPPED";
  task.last_status = "STOPPED";
  task.stop_code = "TaskFailedToStart";
  task.stopped_reason = task.failure_reason;
  task.stopping_at = now;
  task.stopped_at = now;
  task.execution_stopped_at = now;
  for (auto& c : task.containers) {
    c.last_status = "STOPPED";
    if (c.name == task.failing_container) {
      c.reason = task.failure_reason.substr(0, 1024);
    }
  }
  ++task.version;
}

void begin_stopping(State& st, Task& task, double now) {
  task.last_status = "DEACTIVATING";
  task.stopping_at = now;
  task.next_at = now + jittered(st, st.timings.deactivating);
  ++task.version;
}

}  // namespace

bool is_alive(const Task& task) {
  return task.desired_status == "RUNNING";
}

bool is_pending(const Task& task) {
  return is_alive(task) && (task.last_status == "PROVISIONING" || task.last_status == "PENDING" ||
                            task.last_status == "ACTIVATING");
}

bool counts_as_healthy(const Task& task, double now) {
  return is_alive(task) && task.last_status == "RUNNING" && task.started_at > 0 &&
         task.counted_healthy_at <= now && task.health_status != "UNHEALTHY";
}

Task& launch_task(State& st, Service& svc, const Deployment& dep, double now) {
  Task task;
  task.id = st.ids().hex(32);
  task.account = svc.account;
  task.cluster_arn = svc.cluster_arn;
  task.arn = st.arn("ecs", svc.account, "task/" + cluster_name(svc.cluster_arn) + "/" + task.id);
  task.service_arn = svc.arn;
  task.started_by = dep.id;
  task.group = "service:" + svc.name;
  task.task_definition = dep.task_definition;
  task.launch_type = svc.launch_type;
  task.created_at = now;
  TaskDefinition* td = st.find_task_definition(svc.account, dep.task_definition);
  Json containers = Json::array();
  if (td != nullptr) {
    containers = td->body.value("containerDefinitions", Json::array());
    task.cpu = td->body.value("cpu", "256");
    task.memory = td->body.value("memory", "512");
  }
  plan_fate(st, task, containers);
  std::string arn = task.arn;
  Task& stored = st.tasks.emplace(arn, std::move(task)).first->second;
  st.task_changed(stored);
  return stored;
}

Task& seed_running_task(State& st, Service& svc, const Deployment& dep, double now) {
  Task& task = launch_task(st, svc, dep, now);
  task.fate = TaskFate::Healthy;
  task.failure_reason.clear();
  task.created_at = now - 60;
  task.pull_started_at = now - 55;
  task.pull_stopped_at = now - 50;
  task.started_at = now - 45;
  task.counted_healthy_at = now - 30;
  task.last_status = "RUNNING";
  for (auto& c : task.containers) {
    c.last_status = "RUNNING";
    c.health_status = c.has_health_check ? "HEALTHY" : "UNKNOWN";
  }
  bool any_check = std::any_of(task.containers.begin(), task.containers.end(),
                               [](const Container& c) { return c.has_health_check; });
  task.health_status = any_check ? "HEALTHY" : "UNKNOWN";
  task.reported_healthy = true;
  task.next_at = 1e300;
  st.task_changed(task);
  return task;
}

void stop_task(State& st, Task& task, double now, const std::string& stop_code,
               const std::string& reason) {
  if (!is_alive(task)) {
    return;
  }
  task.desired_status = "STOPPED";
  task.stop_code = stop_code;
  task.stopped_reason = reason;
  if (task.last_status == "PROVISIONING" || task.last_status == "PENDING") {
    // Never started: goes straight down.
    task.last_status = "STOPPED";
    task.stopping_at = now;
    task.stopped_at = now;
    task.execution_stopped_at = now;
    for (auto& c : task.containers) {
      c.last_status = "STOPPED";
    }
    ++task.version;
  } else {
    begin_stopping(st, task, now);
  }
  st.task_changed(task);
}

TaskChange advance_task(State& st, Task& task, double now) {
  TaskChange change = TaskChange::None;
  for (int guard = 0; guard < 8 && task.last_status != "STOPPED"; ++guard) {
    const std::string& s = task.last_status;
    if (s == "RUNNING") {
      bool failing = task.fate == TaskFate::Crash || task.fate == TaskFate::Unhealthy;
      if (is_alive(task) && failing && now >= task.next_at) {
        task.desired_status = "STOPPED";
        task.stop_code =
            task.fate == TaskFate::Crash ? "EssentialContainerExited" : "ServiceSchedulerInitiated";
        task.stopped_reason = task.failure_reason;
        for (auto& c : task.containers) {
          if (c.name == task.failing_container) {
            if (task.fate == TaskFate::Crash) {
              c.exit_code = task.failure_exit_code;
              c.last_status = "STOPPED";
            } else {
              c.health_status = "UNHEALTHY";
            }
          }
        }
        if (task.fate == TaskFate::Unhealthy) {
          task.health_status = "UNHEALTHY";
        }
        write_logs(st, task, primary_container(task), task.log_lines, task.next_at);
        begin_stopping(st, task, now);
        continue;
      }
      if (is_alive(task) && task.fate == TaskFate::Healthy && !task.reported_healthy &&
          now >= task.counted_healthy_at) {
        task.reported_healthy = true;
        bool any_check = std::any_of(task.containers.begin(), task.containers.end(),
                                     [](const Container& c) { return c.has_health_check; });
        if (any_check) {
          task.health_status = "HEALTHY";
          for (auto& c : task.containers) {
            c.health_status = c.has_health_check ? "HEALTHY" : "UNKNOWN";
          }
          ++task.version;
        }
        change = TaskChange::BecameHealthy;
        task.next_at = 1e300;  // nothing more to do until stopped
      }
      break;
    }
    if (now < task.next_at) {
      break;
    }
    double at = task.next_at;
    if (s == "PROVISIONING") {
      task.last_status = "PENDING";
      task.pull_started_at = at;
      task.next_at = at + jittered(st, st.timings.pull);
    } else if (s == "PENDING") {
      if (task.fate == TaskFate::PullFailure) {
        fail_to_start(task, at);
        change = TaskChange::Failed;
        break;
      }
      task.pull_stopped_at = at;
      if (task.fate == TaskFate::SecretFailure) {
        fail_to_start(task, at);
        change = TaskChange::Failed;
        break;
      }
      task.last_status = "ACTIVATING";
      task.next_at = at + jittered(st, st.timings.activating) + task.counted_healthy_at;
    } else if (s == "ACTIVATING") {
      task.last_status = "RUNNING";
      task.started_at = at;
      for (auto& c : task.containers) {
        c.last_status = "RUNNING";
      }
      bool any_check = std::any_of(task.containers.begin(), task.containers.end(),
                                   [](const Container& c) { return c.has_health_check; });
      double healthy_after = any_check ? st.timings.health_check : st.timings.healthy_grace;
      task.counted_healthy_at = at + jittered(st, healthy_after);
      if (task.fate == TaskFate::Crash) {
        const ImageBehavior& b = st.behavior_for([&] {
          for (const auto& c : task.containers) {
            if (c.name == task.failing_container) {
              return c.image;
            }
          }
          return std::string();
        }());
        task.next_at = at + b.crash_after_seconds;
        write_logs(st, task, primary_container(task), {}, at);
      } else if (task.fate == TaskFate::Unhealthy) {
        task.next_at = at + jittered(st, st.timings.health_check);
        write_logs(st, task, primary_container(task), task.log_lines, at);
      } else {
        write_logs(st, task, primary_container(task),
                   task.log_lines.empty()
                       ? std::vector<std::string>{"Starting " + primary_container(task),
                                                  "Listening on port 8080"}
                       : task.log_lines,
                   at);
        task.next_at = task.counted_healthy_at;
      }
    } else if (s == "DEACTIVATING") {
      task.last_status = "STOPPING";
      task.next_at = at + jittered(st, st.timings.stopping);
    } else if (s == "STOPPING") {
      task.last_status = "STOPPED";
      task.stopped_at = at;
      task.execution_stopped_at = at;
      for (auto& c : task.containers) {
        c.last_status = "STOPPED";
        if (!c.exit_code) {
          c.exit_code = 0;
        }
      }
      if (task.fate == TaskFate::Crash || task.fate == TaskFate::Unhealthy) {
        if (task.stop_code != "ServiceSchedulerInitiated" ||
            task.stopped_reason == task.failure_reason) {
          change = TaskChange::Failed;
        }
      }
    }
    ++task.version;
  }
  st.task_changed(task);
  return change;
}

}  // namespace emulator
