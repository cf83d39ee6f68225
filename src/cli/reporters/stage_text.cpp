#include "cli/reporters/stage_text.h"

#include <cstdio>

#include "cli/reporters/event_text.h"
#include "services/arn.h"

namespace cli {

namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : sep) + s;
  }
  return out;
}

std::string revision_name(const engine::RevisionTraffic& r) {
  if (!r.task_definition.empty()) {
    return short_task_definition(r.task_definition);
  }
  auto slash = r.arn.rfind('/');
  return "revision " + (slash == std::string::npos ? r.arn : r.arn.substr(slash + 1));
}

std::string revision_text(const engine::RevisionTraffic& r) {
  std::string out =
      revision_name(r) + " " + std::to_string(r.running) + "/" + std::to_string(r.requested);
  if (r.pending > 0) {
    out += " pending " + std::to_string(r.pending);
  }
  if (r.test_weight) {
    out += " test " + weight_text(r.test_weight);
  }
  if (r.production_weight) {
    out += " production " + weight_text(r.production_weight);
  }
  return out;
}

std::string hook_text(const engine::HookRunView& h) {
  std::string name = h.target_type == "PAUSE"
                         ? "PAUSE hook " + h.hook_id
                         : "hook " + services::lambda_function_name(h.target_arn);
  std::string out = name + " " + h.status;
  if (!h.stage.empty()) {
    out += " at " + h.stage;
  }
  if (h.status == "AWAITING_ACTION" && h.expires_at) {
    out += ", expires " + format_clock(*h.expires_at) +
           (h.timeout_action.empty() ? "" : " then " + h.timeout_action);
  }
  return out;
}

std::string heading(const engine::ServiceDeploymentProgress& p) {
  std::string out = p.strategy + " " + p.status;
  if (!p.stage.empty()) {
    out += " at " + p.stage;
    if (p.stage_since) {
      out += " since " + format_clock(*p.stage_since);
    }
  }
  if (p.steps > 0) {
    out += ", step " + std::to_string(p.step) + "/" + std::to_string(p.steps);
  }
  if (p.bake_until) {
    out += ", bake until " + format_clock(*p.bake_until);
  }
  return out;
}

std::vector<std::string> monitor_texts(const engine::ServiceDeploymentProgress& p) {
  std::vector<std::string> out;
  if (!p.alarms_status.empty() && p.alarms_status != "DISABLED") {
    std::string a = "alarms " + p.alarms_status;
    if (!p.triggered_alarm_names.empty()) {
      a += ": " + join(p.triggered_alarm_names, ", ") + " in ALARM";
    } else if (!p.alarm_names.empty()) {
      a += " (" + join(p.alarm_names, ", ") + ")";
    }
    out.push_back(a);
  }
  if (!p.circuit_breaker_status.empty() && p.circuit_breaker_status != "DISABLED") {
    out.push_back("circuit breaker " + p.circuit_breaker_status + " " +
                  std::to_string(p.circuit_breaker_failures) + "/" +
                  std::to_string(p.circuit_breaker_threshold) + " failed");
  }
  if (!p.rollback_reason.empty()) {
    out.push_back("rollback: " + p.rollback_reason);
  }
  return out;
}

}  // namespace

std::string weight_text(const std::optional<double>& weight) {
  if (!weight) {
    return "-";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", *weight);
  return buf;
}

std::string stage_line(const engine::ServiceDeploymentProgress& p) {
  std::vector<std::string> parts = {"deployment " + heading(p), revision_text(p.target)};
  for (const auto& s : p.sources) {
    parts.push_back(revision_text(s));
  }
  for (const auto& h : p.hooks) {
    parts.push_back(hook_text(h));
  }
  for (auto& m : monitor_texts(p)) {
    parts.push_back(std::move(m));
  }
  return join(parts, " | ");
}

std::vector<std::string> stage_table_lines(const engine::ServiceDeploymentProgress& p) {
  std::vector<std::string> out = {"  deployment " + heading(p),
                                  "    new  " + revision_text(p.target)};
  for (const auto& s : p.sources) {
    out.push_back("    old  " + revision_text(s));
  }
  for (const auto& h : p.hooks) {
    out.push_back("    " + hook_text(h));
  }
  for (const auto& m : monitor_texts(p)) {
    out.push_back("    " + m);
  }
  return out;
}

std::string stage_transition(const engine::ServiceDeploymentProgress& p,
                             const std::string& previous) {
  if (p.stage.empty() || p.stage == previous) {
    return {};
  }
  return "stage " + p.stage + " at " + format_clock(p.stage_since.value_or(p.at));
}

}  // namespace cli
