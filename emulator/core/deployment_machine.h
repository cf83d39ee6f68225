#pragma once
// One state machine per service deployment. ROLLING is driven by the scheduler's task
// reconciliation alone (its stages are SCALE_UP then CLEAN_UP, as before); BLUE_GREEN, LINEAR
// and CANARY walk plan_steps() (core/strategy): the strategy decides the next stage, the
// machine runs the stage's lifecycle hooks, moves the traffic weights, bakes, and hands the
// tasks over to the scheduler with a scale policy. Rollbacks, alarms and pauses end here too.
#include <string>

#include "core/state.h"

namespace emulator {

// What the scheduler may do with a service's tasks at this step.
struct ScalePolicy {
  bool drain_old = true;            // stop tasks of non-primary deployments (rolling, clean-up)
  bool respect_max_percent = true;  // green scales to full size regardless (blue/green family)
};
ScalePolicy scale_policy(const ServiceDeployment* sd);

// Starts the machine state of a new service deployment: strategy, source, alarms baseline.
void begin_service_deployment(State& st, const Service& svc, ServiceDeployment& sd,
                              const std::string& source_deployment_id);
// One scheduler step of the machine (stages, hooks, bake, timeouts, alarms).
void advance_service_deployment(State& st, Service& svc, ServiceDeployment& sd, double now);
// True while the machine, not the task counts, decides when the deployment ends.
bool machine_holds_completion(const ServiceDeployment& sd);
// The circuit breaker counts for this deployment now (traffic strategies: before production
// traffic moves only).
bool breaker_applies(const ServiceDeployment& sd);

// When the machine next has something to do on its own (a bake or step bake ending, a Lambda
// call, a pause expiring, a stage timeout); 0 when it must look at every step (scaling).
double machine_wake_at(const State& st, const ServiceDeployment& sd);

// Rolls back by the strategy's rule: a traffic-shifting deployment whose source still runs
// flips production back to it (the source becomes PRIMARY again, the target's tasks drain, the
// Lambda hooks at the traffic-shift stages run again); otherwise a new deployment of the last
// stable revision. Returns false when there is nothing to roll back to.
bool roll_back(State& st, Service& svc, ServiceDeployment& sd, const std::string& reason,
               double now);
// Ends a service deployment in `status` (SUCCESSFUL, STOPPED, ROLLBACK_*).
void finish_service_deployment(ServiceDeployment& sd, const std::string& status,
                               const std::string& reason, double now);

// ContinueServiceDeployment: validates hookId/state (throws ApiError) and records the action.
void continue_service_deployment(State& st, ServiceDeployment& sd, const std::string& hook_id,
                                 const std::string& action, double now);

}  // namespace emulator
