#pragma once
// ECS-native deployment strategies (deploymentConfiguration.strategy): what each one accepts
// (validated as CreateService/UpdateService do) and the stages it walks. The walk itself is
// core/deployment_machine; this file holds only the pure parts.
#include <string>
#include <vector>

#include "core/json_access.h"

namespace emulator {

// ROLLING | BLUE_GREEN | LINEAR | CANARY ("ROLLING" when absent).
std::string strategy_of(const Json& deployment_configuration);
bool traffic_shifting(const std::string& strategy);  // BLUE_GREEN, LINEAR or CANARY

// Throws InvalidParameterException for a wrong configuration block, an out-of-range value, a
// hook at a stage its type may not use, or a malformed alarms block.
void validate_strategy(const Json& deployment_configuration);

enum class StepKind { Hooks, ScaleUp, TestShift, ProductionShift, Bake, CleanUp };

// One step of the walk: the stage DescribeServiceDeployments reports, the hook stage whose
// hooks run in it ("" = none), and what the step does.
struct Step {
  std::string stage;
  std::string hook_stage;
  StepKind kind = StepKind::Hooks;
  double production_weight = 0;  // ProductionShift: the target's weight after the step
  double hold_seconds = 0;       // ProductionShift: step bake after it; Bake: the bake
};

// BLUE_GREEN: [RECONCILE_SERVICE] PRE_SCALE_UP SCALE_UP POST_SCALE_UP TEST_TRAFFIC_SHIFT
// POST_TEST_TRAFFIC_SHIFT, per production step (PRE_PRODUCTION hooks, PRODUCTION_TRAFFIC_SHIFT),
// POST_PRODUCTION_TRAFFIC_SHIFT BAKE_TIME CLEAN_UP. LINEAR: ceil(100/stepPercent) steps,
// CANARY: canaryPercent then 100, BLUE_GREEN: one step to 100.
std::vector<Step> plan_steps(const Json& deployment_configuration, bool reconcile);
// The production weights of the steps, in order (LINEAR 10 → 10, 20, ..., 100).
std::vector<double> production_steps(const Json& deployment_configuration);

// The configured hooks that run at `hook_stage`.
std::vector<Json> hooks_at(const Json& deployment_configuration, const std::string& hook_stage);

}  // namespace emulator
