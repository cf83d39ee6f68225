#pragma once
// A staged service deployment (engine::ServiceDeploymentProgress) as JSON: one shape for the
// deploy result's `service_deployment.stages`-style members and `status --output json`.

#include <nlohmann/json.hpp>

#include "engine/events.h"

namespace cli {

// arn, strategy, status, lifecycle_stage, step/steps (null without production steps),
// bake_until, target and sources (task counts, test and production weights), hooks, alarms,
// circuit_breaker, rollback_reason.
nlohmann::ordered_json stage_progress_json(const engine::ServiceDeploymentProgress& progress);

}  // namespace cli
