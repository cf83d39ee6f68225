#include "cli/stopped_tasks_view.h"

#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"
#include "util/time.h"

namespace cli {

namespace {

using Json = nlohmann::ordered_json;

std::string container_outcome(const engine::StoppedTaskEvidence::Container& c) {
  std::string out =
      printable(c.name) + (c.exit_code ? " exit " + std::to_string(*c.exit_code) : " no exit");
  if (!c.reason.empty()) {
    out += " (" + printable(c.reason) + ")";
  }
  return out;
}

}  // namespace

std::string stopped_group_headline(const engine::StoppedTaskGroup& g) {
  const auto& e = g.sample;
  std::string out = std::to_string(g.count) + (g.count == 1 ? " task of " : " tasks of ") +
                    short_task_definition(e.task_definition_arn) + " stopped: ";
  out += printable(!e.stopped_reason.empty() ? e.stopped_reason
                   : !e.stop_code.empty()    ? e.stop_code
                                             : std::string("no reason given"));
  std::string containers;
  for (const auto& c : e.containers) {
    containers += (containers.empty() ? "" : ", ") + container_outcome(c);
  }
  if (!containers.empty()) {
    out += "; " + containers;
  }
  return out;
}

std::string stopped_tasks_text(const engine::StoppedTasksSection& s) {
  if (s.limit == 0) {
    return {};
  }
  std::string out = "\nrecently stopped tasks (newest " + std::to_string(s.limit) + ", grouped):\n";
  if (s.groups.empty() && s.warnings.empty()) {
    out += "  none (ECS keeps stopped tasks for about an hour)\n";
  }
  for (const auto& g : s.groups) {
    const auto& e = g.sample;
    out += "  " + stopped_group_headline(g);
    if (g.last_stopped_at) {
      out += " (last at " + util::format_iso8601(*g.last_stopped_at) + ")";
    }
    out += "\n";
    if (!e.log_tail.empty()) {
      out += "    last " + std::to_string(e.log_tail.size()) + " log lines of task " +
             short_task_id(e.task_arn) + " (" + e.log_group + " " + e.log_stream + "):\n";
      for (const auto& line : e.log_tail) {
        out += "      | " + printable(line) + "\n";
      }
    } else if (!e.log_error.empty()) {
      out += "    no log lines of task " + short_task_id(e.task_arn) + ": " +
             printable(e.log_error) + "\n";
    } else if (!e.log_group.empty()) {
      out += "    no log lines in " + e.log_group + " " + e.log_stream + "\n";
    }
  }
  for (const auto& w : s.warnings) {
    out += "  warning: " + printable(w) + "\n";
  }
  return out;
}

Json stopped_tasks_json(const engine::StoppedTasksSection& s) {
  Json groups = Json::array();
  for (const auto& g : s.groups) {
    const auto& e = g.sample;
    Json containers = Json::array();
    for (const auto& c : e.containers) {
      containers.push_back({{"name", c.name},
                            {"exit_code", c.exit_code ? Json(*c.exit_code) : Json(nullptr)},
                            {"reason", c.reason}});
    }
    groups.push_back(
        {{"count", g.count},
         {"failure", g.failure},
         {"summary", stopped_group_headline(g)},
         {"task_definition_arn", e.task_definition_arn},
         {"stop_code", e.stop_code},
         {"stopped_reason", e.stopped_reason},
         {"containers", containers},
         {"last_stopped_at",
          g.last_stopped_at ? Json(util::format_iso8601(*g.last_stopped_at)) : Json(nullptr)},
         {"sample_task_arn", e.task_arn},
         {"log_group", e.log_group},
         {"log_stream", e.log_stream},
         {"log_tail", e.log_tail},
         {"log_error", e.log_error}});
  }
  return groups;
}

}  // namespace cli
