#include "engine/stage_watch.h"

#include <algorithm>
#include <cmath>

#include "services/arn.h"

namespace engine {

namespace {

bool in_flight(const std::string& status) {
  return status == "PENDING" || status == "IN_PROGRESS";
}

RevisionTraffic traffic(const services::ServiceRevisionSummary& r) {
  RevisionTraffic t;
  t.arn = r.arn;
  t.requested = r.requested;
  t.running = r.running;
  t.pending = r.pending;
  t.test_weight = r.test_traffic_weight;
  t.production_weight = r.production_traffic_weight;
  return t;
}

std::chrono::minutes minutes(std::optional<int> m) {
  return std::chrono::minutes(std::max(0, m.value_or(0)));
}

// A step's bake for LINEAR and CANARY (0 for the last step: the final bake follows).
std::chrono::minutes step_bake(const services::DeploymentConfiguration& c) {
  if (c.strategy == "LINEAR") {
    return minutes(c.linear_step_bake_minutes);
  }
  if (c.strategy == "CANARY") {
    return minutes(c.canary_bake_minutes);
  }
  return std::chrono::minutes(0);
}

std::string hook_name(const HookRunView& h) {
  if (h.target_type == "PAUSE") {
    return "PAUSE hook " + h.hook_id;
  }
  const std::string fn = services::lambda_function_name(h.target_arn);
  return "lifecycle hook " + (fn.empty() ? h.hook_id : fn);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

// The stage a hook run belongs to: where it was first seen when its configuration names that
// stage, else the one stage its configuration names (a quick hook can run between two looks).
std::string hook_stage(const services::DeploymentConfiguration& config,
                       const services::LifecycleHookRun& run, const std::string& seen_in) {
  std::vector<std::string> configured;
  for (const auto& h : config.lifecycle_hooks) {
    if (h.target_type == run.target_type &&
        (run.target_type == "PAUSE" || h.target_arn == run.target_arn)) {
      for (const auto& st : h.stages) {
        if (stage_position(st) == stage_position(seen_in)) {
          return seen_in;
        }
        configured.push_back(st);
      }
    }
  }
  return configured.size() == 1 ? configured.front() : seen_in;
}

}  // namespace

bool staged(const services::DeploymentConfiguration& config) {
  return (!config.strategy.empty() && config.strategy != "ROLLING") ||
         !config.lifecycle_hooks.empty();
}

int production_steps(const services::DeploymentConfiguration& config) {
  if (config.strategy == "LINEAR" && config.linear_step_percent &&
      *config.linear_step_percent > 0) {
    return static_cast<int>(std::ceil(100.0 / *config.linear_step_percent - 1e-9));
  }
  if (config.strategy == "CANARY") {
    return 2;
  }
  return 0;
}

int production_step(const services::DeploymentConfiguration& config, double weight) {
  if (weight <= 0) {
    return 0;
  }
  const int steps = production_steps(config);
  if (steps == 0 || weight >= 100) {
    return steps;
  }
  if (config.strategy == "CANARY") {
    return 1;
  }
  const double pct = config.linear_step_percent.value_or(100);
  return std::min(steps, static_cast<int>(std::ceil(weight / pct - 1e-9)));
}

ServiceDeploymentProgress observe_stage(StageMemory& memory, const services::ServiceDeployment& sd,
                                        const services::DeploymentConfiguration& config,
                                        util::SystemTime now) {
  ServiceDeploymentProgress p;
  p.at = now;
  p.arn = sd.arn;
  p.strategy = config.strategy.empty() ? "ROLLING" : config.strategy;
  p.status = sd.status;
  p.stage = sd.lifecycle_stage;
  if (p.stage != memory.stage || !memory.stage_seen) {
    memory.stage = p.stage;
    memory.stage_seen = now;
    memory.stage_after = memory.last_poll;
  }
  p.stage_since = memory.stage_seen;
  p.target = traffic(sd.target_revision);
  for (const auto& r : sd.source_revisions) {
    p.sources.push_back(traffic(r));
  }
  const double weight = p.target.production_weight.value_or(0);
  if (!memory.weight || *memory.weight != weight) {
    memory.weight = weight;
    memory.weight_after = memory.last_poll.value_or(now);
  }
  p.steps = production_steps(config);
  p.step = production_step(config, weight);
  // The bake under way ends at the earliest `bake` after the poll before it began.
  auto ends = [&](std::optional<util::SystemTime> after, std::chrono::minutes bake) {
    return after.value_or(now) + bake;
  };
  if (p.stage == "BAKE_TIME") {
    p.bake_until = ends(memory.stage_after, minutes(config.bake_time_minutes));
  } else if (p.stage == "PRODUCTION_TRAFFIC_SHIFT" && p.steps > 0 && weight > 0 && weight < 100 &&
             step_bake(config).count() > 0) {
    p.bake_until = ends(memory.weight_after, step_bake(config));
  }
  for (const auto& h : sd.hooks) {
    auto [it, fresh] = memory.hook_stage.emplace(h.hook_id, hook_stage(config, h, p.stage));
    p.hooks.push_back({h.hook_id, h.target_type, h.target_arn, h.status, h.expires_at,
                       h.timeout_action, it->second});
  }
  p.alarms_status = sd.alarms_status;
  p.alarm_names = sd.alarm_names;
  p.triggered_alarm_names = sd.triggered_alarm_names;
  p.circuit_breaker_status = sd.circuit_breaker_status;
  p.circuit_breaker_failures = sd.circuit_breaker_failure_count;
  p.circuit_breaker_threshold = sd.circuit_breaker_threshold;
  p.rollback_reason = sd.rollback_reason;
  memory.last_poll = now;
  return p;
}

std::optional<util::SystemTime> next_expected_change(const ServiceDeploymentProgress& p) {
  if (!in_flight(p.status)) {
    return std::nullopt;
  }
  std::optional<util::SystemTime> at = p.bake_until;
  for (const auto& h : awaiting_pause_hooks(p)) {
    if (!h.expires_at) {
      return std::nullopt;  // a pause without a known end: look at the usual pace
    }
    at = at ? std::min(*at, *h.expires_at) : *h.expires_at;
  }
  // A Lambda hook at work can answer any moment.
  for (const auto& h : p.hooks) {
    if (h.target_type != "PAUSE" && h.status == "IN_PROGRESS") {
      return std::nullopt;
    }
  }
  if (at && *at <= p.at) {
    return std::nullopt;  // due: the usual pace finds the change
  }
  return at;
}

util::Duration quiet_stage_interval(util::Duration until, double rate, util::Duration cap) {
  // In ECS's time a tenth of what is left, at most `cap`; in ours never under a second.
  const double ecs_ms =
      std::min(static_cast<double>(until.count()) / 10.0, static_cast<double>(cap.count()));
  const double local_ms = std::max(1000.0, ecs_ms / std::max(rate, 1e-3));
  return util::Duration(static_cast<util::Duration::rep>(local_ms));
}

bool awaits_action(std::string_view target_type, std::string_view status) {
  return target_type == "PAUSE" && status == "AWAITING_ACTION";
}

std::vector<services::LifecycleHookRun> awaiting_pause_hooks(const services::ServiceDeployment& d) {
  std::vector<services::LifecycleHookRun> out;
  for (const auto& h : d.hooks) {
    if (awaits_action(h.target_type, h.status)) {
      out.push_back(h);
    }
  }
  return out;
}

std::vector<HookRunView> awaiting_pause_hooks(const ServiceDeploymentProgress& p) {
  std::vector<HookRunView> out;
  for (const auto& h : p.hooks) {
    if (awaits_action(h.target_type, h.status)) {
      out.push_back(h);
    }
  }
  return out;
}

std::optional<Outcome> wait_until_met(const WaitUntil& wait_until,
                                      const ServiceDeploymentProgress& p) {
  if (!in_flight(p.status)) {
    return std::nullopt;
  }
  switch (wait_until.kind) {
    case WaitUntil::Kind::Completed:
      return std::nullopt;
    case WaitUntil::Kind::Paused:
      if (!awaiting_pause_hooks(p).empty()) {
        return Outcome::Paused;
      }
      return std::nullopt;
    case WaitUntil::Kind::Stage: {
      auto at = stage_position(p.stage);
      auto want = stage_position(wait_until.stage);
      if (at && want && *at >= *want) {
        return Outcome::ReachedStage;
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string stage_failure_cause(const ServiceDeploymentProgress& p) {
  std::vector<std::string> causes;
  for (const auto& h : p.hooks) {
    if (h.status == "FAILED") {
      causes.push_back(hook_name(h) + " failed at " + h.stage);
    } else if (h.status == "TIMED_OUT") {
      causes.push_back(
          hook_name(h) + " timed out at " + h.stage +
          (h.timeout_action.empty() ? "" : " (timeout action " + h.timeout_action + ")"));
    }
  }
  if (!p.triggered_alarm_names.empty()) {
    causes.push_back("alarm " + join(p.triggered_alarm_names) + " in ALARM");
  } else if (p.alarms_status == "TRIGGERED") {
    causes.push_back("an alarm of " + join(p.alarm_names) + " triggered");
  }
  if (p.circuit_breaker_status == "TRIGGERED") {
    causes.push_back("circuit breaker: " + std::to_string(p.circuit_breaker_failures) + " of " +
                     std::to_string(p.circuit_breaker_threshold) + " tasks failed");
  }
  if (causes.empty()) {
    return p.rollback_reason;
  }
  return join(causes);
}

}  // namespace engine
