#pragma once
// The lifecycle of an ECS service deployment (ecs-deployment-strategies.md section 1.2): the
// stages in the order ECS runs them, and what `--wait-until` asks for. Pure.
//
// Stages are transient: a poll can miss one entirely, so "reached" compares positions in this
// order rather than looking for the stage itself.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

// RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT,
// POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME,
// CLEAN_UP.
const std::vector<std::string>& lifecycle_stages();

// Index of `stage` in lifecycle_stages(); PRE_PRODUCTION_TRAFFIC_SHIFT (a hook stage that ECS
// reports as PRODUCTION_TRAFFIC_SHIFT) counts as PRODUCTION_TRAFFIC_SHIFT. nullopt when unknown.
std::optional<int> stage_position(std::string_view stage);

// Where a deploy may stop waiting and exit 0.
struct WaitUntil {
  enum class Kind {
    Completed,  // the deployment's terminal status (the default)
    Paused,     // a PAUSE hook awaits action (or the deployment completed without one)
    Stage,      // the deployment reached or passed `stage`
  };
  Kind kind = Kind::Completed;
  std::string stage;  // for Stage: one of lifecycle_stages()

  bool operator==(const WaitUntil&) const = default;
};

// "completed", "paused", a stage name, or "ecs:<STAGE>" / "stage:<STAGE>" (ecspresso's and
// the checklist's spellings), case-insensitive. nullopt for anything else.
std::optional<WaitUntil> parse_wait_until(std::string_view text);

// "completed", "paused" or the stage name: how the value is shown back.
std::string to_string(const WaitUntil& wait_until);

// A service deployment status that ends the deployment: SUCCESSFUL, STOPPED,
// ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED.
bool terminal_deployment_status(std::string_view status);

}  // namespace engine
