#pragma once
// deploy --services: one image tag to several services in one run (contributing.md, S2).
//
//   1. preflight of every service, in parallel, sharing the reads (engine/shared_reads.h);
//      when any fails (or any plan cannot be built) nothing is changed for any service
//      (exit 3);
//   2. the plans, and the run's plan: which services share one new revision, the least time
//      the API limits allow (engine/fleet_plan.h); a dry run stops here;
//   3. register (once per group) + UpdateService, in parallel, paced by aws/rate_limiter;
//   4. ONE watch loop over all of them with batched DescribeServices (<= 10 services per call
//      per cluster), each service judged on its own;
//   5. per-service outcome; rollback on failure applies to each failed service only: the
//      services that succeeded keep their new revision.
//
// A service whose options say keep_desired_count keeps its current desired count.
// Each service's events go to its own reporter; the run's Finished goes to `run_reporter`.

#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/deploy.h"
#include "engine/fleet_plan.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "util/clock.h"

namespace engine {

struct ServicesResult {
  Outcome outcome = Outcome::Error;  // the worst per-service outcome (worst_outcome)
  std::string summary;
  std::vector<OperationResult> services;  // in the order of the options
  std::chrono::milliseconds total{0};
  FleetPlan plan;  // empty when the run stopped before planning
};

// `options[i]` is reported to `reporters[i]`; both have one entry per service.
ServicesResult deploy_services(const Clients& clients, util::Clock& clock, Reporter& run_reporter,
                               std::vector<DeployOptions> options,
                               const std::vector<Reporter*>& reporters);

}  // namespace engine
