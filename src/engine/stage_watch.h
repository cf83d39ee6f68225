#pragma once
// Watching a service deployed with ECS lifecycle stages (BLUE_GREEN, LINEAR, CANARY, or any
// deployment with lifecycle hooks): the pure pieces the watch uses each poll. Such a rollout
// is followed by its service deployment (stage, traffic, hooks, alarms), not by counts: during
// a blue/green bake both revisions run at full size by design.
//
// Times are ECS's (the Date of its answers); `rate` converts them to local waiting time when
// ECS's clock runs faster than ours (ecs-emulator --speed), so a bake is slept through in
// proportion and still left within a second of its end.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/events.h"
#include "engine/lifecycle.h"
#include "engine/outcome.h"
#include "services/ecs_types.h"
#include "util/clock.h"

namespace engine {

// The service deploys with lifecycle stages: a strategy other than ROLLING, or hooks.
bool staged(const services::DeploymentConfiguration& config);

// Production traffic steps: LINEAR ceil(100 / stepPercent), CANARY 2, otherwise 0.
int production_steps(const services::DeploymentConfiguration& config);
// The step a production weight of the target revision has reached (0 before the first).
int production_step(const services::DeploymentConfiguration& config, double weight);

// What one staged watch remembers between polls.
struct StageMemory {
  std::string stage;
  std::optional<util::SystemTime> stage_seen;     // when the stage was first seen
  std::optional<util::SystemTime> stage_after;    // the poll before: it began after this
  std::optional<double> weight;                   // target's production weight last seen
  std::optional<util::SystemTime> weight_after;   // it changed after this poll
  std::map<std::string, std::string> hook_stage;  // hook id -> stage it was first seen in
  std::optional<util::SystemTime> last_poll;
};

// Records one observation of our service deployment and returns it as an event. `config`
// is the deployment's own configuration when ECS reports it, else the service's.
ServiceDeploymentProgress observe_stage(StageMemory& memory, const services::ServiceDeployment& sd,
                                        const services::DeploymentConfiguration& config,
                                        util::SystemTime now);

// Nothing is expected to change before this (ECS time): the end of a bake, or the expiry of
// a PAUSE hook awaiting action. nullopt when the next change can come any moment.
std::optional<util::SystemTime> next_expected_change(const ServiceDeploymentProgress& p);

// The wait before the next look while nothing is expected to change for `until` (ECS time),
// with ECS's clock running `rate` times ours: a tenth of what is left and at most `cap` in
// ECS's time, never under a second of ours. With the bake cap (10 min) a 24 h bake costs about 200
// looks and its end is seen within a second; a pause, which a person may end any time, is looked at
// at least every 2 min (its expiry, the end the clock knows, within a second too).
inline constexpr util::Duration k_bake_look_cap{600000};
inline constexpr util::Duration k_pause_look_cap{120000};
util::Duration quiet_stage_interval(util::Duration until, double rate,
                                    util::Duration cap = k_bake_look_cap);

// --wait-until met by this observation: Paused (a PAUSE hook of ours awaits action) or
// ReachedStage (the deployment is at or past the stage); nullopt otherwise, and always once
// the deployment is no longer PENDING or IN_PROGRESS (its terminal status decides).
std::optional<Outcome> wait_until_met(const WaitUntil& wait_until,
                                      const ServiceDeploymentProgress& p);

// A hook run that holds the deployment until someone acts: a PAUSE hook AWAITING_ACTION.
// The one rule for the watch, the outputs, continue and rollback.
bool awaits_action(std::string_view target_type, std::string_view status);

// The PAUSE hook runs of ours awaiting action, in the order ECS lists them.
std::vector<HookRunView> awaiting_pause_hooks(const ServiceDeploymentProgress& p);
std::vector<services::LifecycleHookRun> awaiting_pause_hooks(const services::ServiceDeployment& d);

// Why ECS rolled back or stopped the deployment, from what it reports: failed or timed-out
// hooks (with their stage), triggered alarms, the circuit breaker, else ECS's own reason.
std::string stage_failure_cause(const ServiceDeploymentProgress& p);

}  // namespace engine
