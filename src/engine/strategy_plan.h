#pragma once
// What a deployment of a service will go through under its ECS-native strategy, for the plan:
// strategy, bakes, production steps, hooks per stage, alarms, the load balancer's blue/green
// wiring, and how long one deployment takes at least (and at worst, with every PAUSE hook
// waiting until its timeout). Pure: from the service as DescribeServices returns it
// (ecs-deployment-strategies.md sections 1.2-1.5).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/next_step.h"
#include "services/ecs_types.h"

namespace engine {

// One hook at one stage of its lifecycleStages.
struct StageHook {
  std::string stage;          // PRE_SCALE_UP, ..., POST_PRODUCTION_TRAFFIC_SHIFT
  std::string target_type;    // AWS_LAMBDA, PAUSE
  std::string function_name;  // AWS_LAMBDA: the function's name from its ARN
  std::string target_arn;
  int timeout_minutes = 0;     // PAUSE: timeoutInMinutes, or ECS's default
  std::string timeout_action;  // PAUSE: CONTINUE or ROLLBACK (ECS's default)
  int runs = 1;  // times it runs per deployment: every production step at PRE_PRODUCTION
  bool operator==(const StageHook&) const = default;
};

// loadBalancers[] of the service, with its blue/green advanced configuration when set.
struct LoadBalancerPlan {
  std::string target_group_arn;            // blue: where production traffic goes now
  std::string alternate_target_group_arn;  // green: where the new revision starts
  std::string production_listener_rule;
  std::string test_listener_rule;
  bool operator==(const LoadBalancerPlan&) const = default;
};

struct StrategyWarning {
  enum class Kind {
    MinimumExceedsTimeout,   // even without pauses the deployment outlasts the watch's timeout
    WorstExceedsTimeout,     // with the PAUSE hooks timing out it does
    MinimumExceedsJobLimit,  // a GitHub-hosted job ends before the deployment can
    WorstExceedsJobLimit,
  };
  Kind kind = Kind::MinimumExceedsTimeout;
  std::chrono::minutes limit{0};  // the timeout or the job limit it exceeds
  Hints hints;                    // stop waiting earlier (--wait-until)
  bool operator==(const StrategyWarning&) const = default;
};

struct StrategySummary {
  std::string strategy = "ROLLING";  // ROLLING, BLUE_GREEN, LINEAR, CANARY
  int bake_minutes = 0;              // bakeTimeInMinutes: blue kept after the production shift
  // LINEAR: each step's percent, the number of steps, the bake between steps.
  double step_percent = 0;
  int steps = 0;  // LINEAR ceil(100 / step_percent), CANARY 2, otherwise 0
  int step_bake_minutes = 0;
  // CANARY: the first step and how long it is held.
  double canary_percent = 0;
  int canary_bake_minutes = 0;
  std::vector<StageHook> hooks;  // in stage order
  bool alarms_enabled = false;
  bool alarms_rollback = false;
  std::vector<std::string> alarm_names;
  std::vector<LoadBalancerPlan> load_balancers;  // only those with an advanced configuration
  std::chrono::minutes minimum{0};  // stages' bakes and steps; scale-up and health checks extra
  std::chrono::minutes worst{0};    // minimum + every PAUSE hook run until its timeout
  std::vector<StrategyWarning> warnings;

  // Anything to say beyond a plain rolling update: a native strategy, hooks or alarms.
  bool notable() const;
  bool operator==(const StrategySummary&) const = default;
};

// What the run waits for, to judge the duration against.
struct StrategyLimits {
  bool waits_to_end = true;          // false: --no-wait, or --wait-until before the end
  std::chrono::minutes timeout{30};  // the watch's --timeout
  std::optional<std::chrono::minutes> job_limit;  // the CI job's own limit, when the CLI knows it
};

StrategySummary summarize_strategy(const services::Service& service, const StrategyLimits& limits);

}  // namespace engine
