#include "engine/plan.h"

#include "engine/diff.h"
#include "engine/image_swap.h"

namespace engine {

util::Result<DeployPlan> plan_deploy(const DeployOptions& options, const services::Service& service,
                                     const services::TaskDefinition& base,
                                     const services::TaskDefinition* current) {
  DeployPlan plan;
  plan.cluster = options.cluster;
  plan.service = options.service;
  plan.container = options.container;
  plan.current_task_definition = service.task_definition;
  plan.base = base;
  plan.current_desired = service.desired;
  plan.new_desired = options.desired_count;
  auto swapped = swap_image(base.raw, options.container, options.image_tag);
  if (!swapped) {
    return swapped.take_error();
  }
  plan.base_image = swapped->old_image;
  plan.old_image = plan.base_image;
  if (current) {
    for (const auto& c : current->containers) {
      if (c.name == options.container) {
        plan.old_image = c.image;
      }
    }
  }
  plan.new_image = swapped->new_image;
  plan.definition = std::move(swapped->definition);
  auto tags = deploy_tags(base.tags, options.image_tag, options.metadata);
  if (!tags) {
    return tags.take_error();
  }
  plan.tags = std::move(*tags);
  plan.reuse_revision = plan.base_image == plan.new_image && !options.force_new_revision;
  if (!plan.reuse_revision) {
    plan.diff = diff_json(strip_read_only(base.raw), plan.definition);
    for (auto& line : diff_tags(base.tags, plan.tags)) {
      plan.diff.push_back(std::move(line));
    }
  }
  return plan;
}

PlanReady plan_event(const DeployPlan& plan, bool dry_run) {
  PlanReady e;
  e.command = "deploy";
  e.cluster = plan.cluster;
  e.service = plan.service;
  e.current_task_definition = plan.current_task_definition;
  e.base_task_definition = plan.base.arn;
  e.container = plan.container;
  e.current_image = plan.old_image;
  e.new_image = plan.new_image;
  e.current_desired = plan.current_desired;
  e.new_desired = plan.new_desired;
  e.reuse_revision = plan.reuse_revision;
  e.diff = plan.diff;
  e.dry_run = dry_run;
  return e;
}

StrategyLimits strategy_limits(const DeployOptions& options) {
  StrategyLimits limits;
  limits.waits_to_end = options.wait && options.watch.wait_until.kind == WaitUntil::Kind::Completed;
  // Whole minutes down: a deployment of at least m minutes outlasts a timeout t exactly when
  // m > floor(t / 1 min).
  limits.timeout = std::chrono::duration_cast<std::chrono::minutes>(options.watch.timeout);
  limits.job_limit = options.job_limit;
  return limits;
}

std::optional<Message> desired_count_warning(int current_desired, int new_desired) {
  if (new_desired >= current_desired) {
    return std::nullopt;
  }
  return Message{Severity::Warning, "desired count decreases " + std::to_string(current_desired) +
                                        " -> " + std::to_string(new_desired)};
}

void report_plan(Reporter& reporter, const PlanReady& plan) {
  reporter.on(plan);
  if (auto warning = desired_count_warning(plan.current_desired, plan.new_desired)) {
    reporter.on(*warning);
  }
}

}  // namespace engine
