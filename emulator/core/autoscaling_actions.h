#pragma once
// Application Auto Scaling (X-Amz-Target prefix AnyScaleFrontendService): just enough for
// `ecsdeploy scale` to read an ECS service's scalable target (DescribeScalableTargets) and for
// tests to register one (RegisterScalableTarget, or the scenario's `scalableTargets`).
#include "core/actions.h"
#include "core/scenario_reader.h"

namespace emulator {

inline constexpr const char* k_autoscaling_prefix = "AnyScaleFrontendService.";

// The action table, built once.
const ActionTable& autoscaling_actions();

// Loads the scenario's top-level `scalableTargets` (absent: none) into `st`.
void load_scalable_targets(State& st, const ScenarioReader& top);

}  // namespace emulator
