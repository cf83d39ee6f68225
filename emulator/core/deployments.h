#pragma once
// Starting deployments and rollbacks: the parts of the rollout shared by UpdateService,
// CreateService, StopServiceDeployment and the circuit breaker.
#include <string>

#include "core/state.h"

namespace emulator {

// A new PRIMARY deployment of td_arn (with its service revision and service deployment).
Deployment& start_deployment(State& st, Service& svc, const std::string& td_arn, double now);
// Rolls the service deployment back to the service's last stable revision (a new PRIMARY
// deployment marked is_rollback). Returns false when there is nothing to roll back to.
bool start_rollback(State& st, Service& svc, ServiceDeployment& sd, const std::string& reason,
                    double now);
// Classic threshold clamp(ceil(0.5 × desired), 3, 200), or thresholdConfiguration if given.
int circuit_breaker_threshold(const Json& deployment_configuration, int desired);
bool circuit_breaker_enabled(const Json& deployment_configuration);
bool circuit_breaker_rollback(const Json& deployment_configuration);
// Fills defaults (100/200, breaker off) the way DescribeServices reports them.
Json normalize_deployment_configuration(const Json& requested, const Json& previous);
Deployment* find_deployment(Service& svc, const std::string& id);

}  // namespace emulator
