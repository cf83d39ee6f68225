#include "engine/settle.h"

#include <algorithm>

namespace engine {

std::chrono::seconds default_settle_window(
    const services::Service& service, const std::vector<services::ContainerBasics>& containers) {
  std::chrono::seconds window = k_min_settle_window;
  if (service.health_check_grace_period_seconds) {
    window = std::max(window, std::chrono::seconds(*service.health_check_grace_period_seconds));
  }
  for (const auto& c : containers) {
    if (c.essential && c.health_check_budget_seconds) {
      window = std::max(window, std::chrono::seconds(*c.health_check_budget_seconds));
    }
  }
  return window;
}

SettleProgress assess_settle(const std::vector<services::Task>& tasks,
                             const std::string& deployment_id, const std::string& task_definition,
                             int desired, util::SystemTime now, std::chrono::seconds window) {
  SettleProgress p;
  p.until = now;
  for (const auto& t : tasks) {
    bool ours = !deployment_id.empty() ? t.started_by == deployment_id
                                       : t.task_definition_arn == task_definition;
    if (!ours || t.last_status != "RUNNING" || t.desired_status == "STOPPED") {
      continue;
    }
    ++p.tasks;
    util::SystemTime started = t.started_at.value_or(now);
    p.until = std::max(p.until, started + window);
  }
  p.done = p.tasks >= desired && p.until <= now;
  return p;
}

}  // namespace engine
