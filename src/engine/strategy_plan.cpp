#include "engine/strategy_plan.h"

#include <algorithm>

#include "engine/lifecycle.h"
#include "engine/stage_watch.h"
#include "services/arn.h"

namespace engine {

namespace {

// ECS's defaults for members a service may leave unset (botocore's ECS model doc strings,
// ecs-deployment-strategies.md section 1.4): a LINEAR step is 10 % baked 6 min, a CANARY
// step 5 % held 10 min, and a PAUSE hook waits 1440 min, then rolls back.
constexpr double k_default_step_percent = 10.0;
constexpr int k_default_step_bake_minutes = 6;
constexpr double k_default_canary_percent = 5.0;
constexpr int k_default_canary_bake_minutes = 10;
constexpr int k_default_pause_timeout_minutes = 1440;
constexpr const char* k_default_timeout_action = "ROLLBACK";

int stage_order(const std::string& stage) {
  // PRE_PRODUCTION_TRAFFIC_SHIFT comes right before the production shift it precedes.
  const auto position = stage_position(stage);
  if (!position) {
    return 2 * static_cast<int>(lifecycle_stages().size());
  }
  return 2 * *position - (stage == "PRE_PRODUCTION_TRAFFIC_SHIFT" ? 1 : 0);
}

std::vector<StageHook> stage_hooks(const services::DeploymentConfiguration& c, int steps) {
  std::vector<StageHook> out;
  for (const services::LifecycleHook& hook : c.lifecycle_hooks) {
    for (const std::string& stage : hook.stages) {
      StageHook h;
      h.stage = stage;
      h.target_type = hook.target_type.empty() ? "AWS_LAMBDA" : hook.target_type;
      h.target_arn = hook.target_arn;
      if (h.target_type == "PAUSE") {
        h.timeout_minutes = hook.timeout_minutes.value_or(k_default_pause_timeout_minutes);
        h.timeout_action =
            hook.timeout_action.empty() ? k_default_timeout_action : hook.timeout_action;
      } else {
        h.function_name = services::lambda_function_name(hook.target_arn);
      }
      // ECS runs a PRE_PRODUCTION_TRAFFIC_SHIFT hook before every production step, each time
      // with a new hook id (section 1.5).
      if (stage == "PRE_PRODUCTION_TRAFFIC_SHIFT" && steps > 1) {
        h.runs = steps;
      }
      out.push_back(std::move(h));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const StageHook& a, const StageHook& b) {
    return stage_order(a.stage) < stage_order(b.stage);
  });
  return out;
}

void add_warnings(StrategySummary& s, const StrategyLimits& limits) {
  if (!limits.waits_to_end) {
    return;
  }
  const Hints hints{Hint{NextStep::WaitUntilStage}};
  using Kind = StrategyWarning::Kind;
  auto judge = [&](std::chrono::minutes limit, Kind over_minimum, Kind over_worst) {
    if (s.minimum > limit) {
      s.warnings.push_back({over_minimum, limit, hints});
    } else if (s.worst > limit) {
      s.warnings.push_back({over_worst, limit, hints});
    }
  };
  judge(limits.timeout, Kind::MinimumExceedsTimeout, Kind::WorstExceedsTimeout);
  // A timeout within the job's limit ends the run first: the job limit is then moot.
  if (limits.job_limit && limits.timeout > *limits.job_limit) {
    judge(*limits.job_limit, Kind::MinimumExceedsJobLimit, Kind::WorstExceedsJobLimit);
  }
}

}  // namespace

bool StrategySummary::notable() const {
  return strategy != "ROLLING" || !hooks.empty() || alarms_enabled || !alarm_names.empty();
}

StrategySummary summarize_strategy(const services::Service& service, const StrategyLimits& limits) {
  services::DeploymentConfiguration c = service.deployment_configuration;
  StrategySummary s;
  if (!c.strategy.empty()) {
    s.strategy = c.strategy;
  }
  if (s.strategy == "LINEAR") {
    c.linear_step_percent = c.linear_step_percent.value_or(k_default_step_percent);
    s.step_percent = *c.linear_step_percent;
    s.step_bake_minutes = c.linear_step_bake_minutes.value_or(k_default_step_bake_minutes);
  } else if (s.strategy == "CANARY") {
    s.canary_percent = c.canary_percent.value_or(k_default_canary_percent);
    s.canary_bake_minutes = c.canary_bake_minutes.value_or(k_default_canary_bake_minutes);
  }
  s.steps = production_steps(c);  // one owner for ceil(100 / stepPercent)
  if (s.strategy != "ROLLING") {
    s.bake_minutes = c.bake_time_minutes.value_or(0);
  }
  s.hooks = stage_hooks(c, s.steps);
  s.alarms_enabled = c.alarms_enable;
  s.alarms_rollback = c.alarms_rollback;
  s.alarm_names = c.alarm_names;
  for (const services::LoadBalancer& lb : service.load_balancers) {
    if (!lb.alternate_target_group_arn.empty() || !lb.production_listener_rule.empty()) {
      s.load_balancers.push_back({lb.target_group_arn, lb.alternate_target_group_arn,
                                  lb.production_listener_rule, lb.test_listener_rule});
    }
  }
  // Section 1.4's minimum wall time: the bakes ECS waits out by design. Scaling up, target
  // health checks, Lambda hooks (and, with an NLB, about 10 min more per traffic shift: the
  // service does not say which kind of load balancer it has) come on top.
  int minimum = s.bake_minutes;
  if (s.strategy == "LINEAR") {
    minimum += (s.steps - 1) * s.step_bake_minutes;  // no step bake after 100 %
  } else if (s.strategy == "CANARY") {
    minimum += s.canary_bake_minutes;
  }
  int pauses = 0;
  for (const StageHook& h : s.hooks) {
    if (h.target_type == "PAUSE") {
      pauses += h.runs * h.timeout_minutes;
    }
  }
  s.minimum = std::chrono::minutes(minimum);
  s.worst = std::chrono::minutes(minimum + pauses);
  add_warnings(s, limits);
  return s;
}

}  // namespace engine
