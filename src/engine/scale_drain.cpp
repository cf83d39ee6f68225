#include "engine/scale_drain.h"

#include "util/deadline.h"

#include <algorithm>

#include "engine/service_tasks.h"

namespace engine {

namespace {

struct Look {
  int wanted_running = 0;
  int stopping = 0;
};

util::Result<Look> look(const Clients& clients, const std::string& cluster,
                        const std::string& service) {
  Look l;
  auto running = list_task_arns(clients, cluster, service, "RUNNING");
  if (!running) {
    return running.take_error();
  }
  l.wanted_running = static_cast<int>(running->size());
  auto stopped = list_task_arns(clients, cluster, service, "STOPPED");
  if (!stopped) {
    return stopped.take_error();
  }
  if (!stopped->empty()) {
    auto described = clients.ecs.describe_tasks(cluster, *stopped);
    if (!described) {
      return described.take_error();
    }
    l.stopping = tasks_still_stopping(described->tasks);
  }
  return l;
}

}  // namespace

int tasks_still_stopping(const std::vector<services::Task>& tasks) {
  return static_cast<int>(std::count_if(tasks.begin(), tasks.end(), [](const services::Task& t) {
    return t.last_status != "STOPPED";
  }));
}

DrainResult wait_until_no_task(const Clients& clients, util::Clock& clock, Reporter& reporter,
                               const std::string& cluster, const std::string& service,
                               std::chrono::steady_clock::time_point deadline,
                               std::chrono::milliseconds interval) {
  DrainResult r;
  int last_reported = -1;
  const util::DeadlineScope request_deadline(deadline);  // as in the watch: calls end by it
  for (;;) {
    auto l = look(clients, cluster, service);
    if (!l) {
      r.error = l.take_error();
      r.outcome =
          r.error->kind == util::ErrorKind::Cancelled ? Outcome::Interrupted : Outcome::Error;
      return r;
    }
    r.wanted_running = l->wanted_running;
    r.stopping = l->stopping;
    const int left = l->wanted_running + l->stopping;
    if (left == 0) {
      r.outcome = Outcome::Succeeded;
      return r;
    }
    if (left != last_reported) {
      last_reported = left;
      reporter.on(Message{Severity::Info,
                          std::to_string(left) + " task(s) of " + service + " still stopping"});
    }
    if (clock.steady_now() >= deadline) {
      r.outcome = Outcome::TimedOut;
      return r;
    }
    if (!clock.sleep_for(interval)) {
      r.outcome = Outcome::Interrupted;
      return r;
    }
  }
}

}  // namespace engine
