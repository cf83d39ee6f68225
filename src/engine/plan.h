#pragma once
// The deploy plan: built from preflight facts without side effects (contributing.md, principle 10).
// --dry-run stops after showing it.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/deploy.h"
#include "engine/events.h"
#include "engine/reporter.h"
#include "engine/strategy_plan.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace engine {

struct DeployPlan {
  std::string cluster;
  std::string service;
  std::string container;
  std::string current_task_definition;  // what the service runs now
  services::TaskDefinition base;        // latest revision of the family
  std::string old_image;                // the container's image in what the service runs
  std::string base_image;               // the container's image in `base`
  std::string new_image;
  nlohmann::ordered_json definition;  // to register (read-only fields stripped)
  std::vector<services::Tag> tags;
  std::vector<DiffLine> diff;   // base -> new revision, tags included
  bool reuse_revision = false;  // the base already has the image: deploy it as is
  int current_desired = 0;
  int new_desired = 0;
};

// `current` is the revision the service runs when it is not `base` (nullptr: it is, or unknown).
util::Result<DeployPlan> plan_deploy(const DeployOptions& options, const services::Service& service,
                                     const services::TaskDefinition& base,
                                     const services::TaskDefinition* current);

PlanReady plan_event(const DeployPlan& plan, bool dry_run);

// What a deploy waits for (its --timeout, to the end or not, the CI job's limit), to judge the
// strategy's duration against.
StrategyLimits strategy_limits(const DeployOptions& options);

// "desired count decreases 10 -> 2": a smaller service is said loudly, never just implied.
std::optional<Message> desired_count_warning(int current_desired, int new_desired);

// Emits the plan, then the warning above when it applies (deploy and scale plans).
void report_plan(Reporter& reporter, const PlanReady& plan);

}  // namespace engine
