#include "cli/reporters/strategy_text.h"

#include "cli/next_step_text.h"
#include "cli/reporters/stage_text.h"

namespace cli {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

std::string percent(double value) {
  return weight_text(value);
}

std::string strategy_line(const engine::StrategySummary& s) {
  std::string out = "  strategy: " + s.strategy;
  if (s.strategy == "LINEAR") {
    out += ", " + std::to_string(s.steps) + " production step" + (s.steps == 1 ? "" : "s") +
           " of " + percent(s.step_percent) + ", " +
           minutes_text(std::chrono::minutes(s.step_bake_minutes)) + " between steps";
  } else if (s.strategy == "CANARY") {
    out += ", " + percent(s.canary_percent) + " of production for " +
           minutes_text(std::chrono::minutes(s.canary_bake_minutes)) + ", then 100%";
  }
  if (s.strategy != "ROLLING") {
    out += ", bake " + minutes_text(std::chrono::minutes(s.bake_minutes)) +
           " (the old revision keeps running until then)";
  }
  return out;
}

std::string alarms_line(const engine::StrategySummary& s) {
  std::string out =
      "  alarms: " + (s.alarm_names.empty() ? std::string("none named") : join(s.alarm_names));
  if (!s.alarms_enabled) {
    return out + " (not enabled)";
  }
  return out + (s.alarms_rollback ? " (rollback)" : " (no rollback: a failure is only reported)");
}

std::string load_balancer_line(const engine::LoadBalancerPlan& lb) {
  std::string out = "  load balancer: production on " + lb.target_group_arn;
  if (!lb.alternate_target_group_arn.empty()) {
    out += ", new revision on " + lb.alternate_target_group_arn;
  }
  if (!lb.production_listener_rule.empty()) {
    out += ", production rule " + lb.production_listener_rule;
  }
  if (!lb.test_listener_rule.empty()) {
    out += ", test rule " + lb.test_listener_rule;
  }
  return out;
}

bool has_pause(const engine::StrategySummary& s) {
  for (const auto& h : s.hooks) {
    if (h.target_type == "PAUSE") {
      return true;
    }
  }
  return false;
}

std::string duration_line(const engine::StrategySummary& s) {
  std::string out = "  duration: at least " + minutes_text(s.minimum) +
                    " (bakes and steps; scale-up, health checks and hooks come on top)";
  if (has_pause(s)) {
    out += ", up to " + minutes_text(s.worst) + " with every pause timing out";
  }
  return out;
}

}  // namespace

std::string minutes_text(std::chrono::minutes m) {
  const long long total = m.count();
  const long long d = total / (24 * 60);
  const long long h = (total / 60) % 24;
  const long long min = total % 60;
  std::string out;
  if (d > 0) {
    out = std::to_string(d) + " d " + std::to_string(h) + " h";
  } else if (h > 0) {
    out = std::to_string(h) + " h";
  }
  if (min > 0 || out.empty()) {
    out += (out.empty() ? "" : " ") + std::to_string(min) + " min";
  }
  return out;
}

std::string stage_hook_text(const engine::StageHook& h) {
  std::string out;
  if (h.target_type == "PAUSE") {
    out = "PAUSE (timeout " + minutes_text(std::chrono::minutes(h.timeout_minutes)) + ", then " +
          h.timeout_action + ")";
  } else if (h.target_type == "AWS_LAMBDA") {
    out = "Lambda " + h.function_name;
  } else {
    out = h.target_type + " " + h.target_arn;
  }
  if (h.runs > 1) {
    out += ", before each of " + std::to_string(h.runs) + " steps";
  }
  return out;
}

std::string strategy_warning_text(const engine::StrategySummary& s,
                                  const engine::StrategyWarning& w) {
  using Kind = engine::StrategyWarning::Kind;
  const bool worst = w.kind == Kind::WorstExceedsTimeout || w.kind == Kind::WorstExceedsJobLimit;
  std::string text = "a " + s.strategy + " deployment of this service takes " +
                     (worst ? "up to " + minutes_text(s.worst) + " when its pauses time out"
                            : "at least " + minutes_text(s.minimum)) +
                     ", more than ";
  if (w.kind == Kind::MinimumExceedsTimeout || w.kind == Kind::WorstExceedsTimeout) {
    text += "--timeout " + minutes_text(w.limit) + ": the wait would end first";
  } else {
    text += "the " + minutes_text(w.limit) + " a GitHub-hosted job may run";
  }
  return with_hints(text, w.hints);
}

std::vector<std::string> strategy_lines(const engine::StrategySummary& s) {
  if (!s.notable() && s.warnings.empty()) {
    return {};
  }
  std::vector<std::string> out{strategy_line(s)};
  for (const auto& h : s.hooks) {
    out.push_back("  hook at " + h.stage + ": " + stage_hook_text(h));
  }
  if (s.alarms_enabled || !s.alarm_names.empty()) {
    out.push_back(alarms_line(s));
  }
  for (const auto& lb : s.load_balancers) {
    out.push_back(load_balancer_line(lb));
  }
  out.push_back(duration_line(s));
  for (const auto& w : s.warnings) {
    out.push_back("  warning: " + strategy_warning_text(s, w));
  }
  return out;
}

}  // namespace cli
