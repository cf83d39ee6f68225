#pragma once
// Preflight (contributing.md, S4, S11): read-only checks, calls in parallel, every problem reported
// together with what was found and a hint; nothing is mutated when any fails (exit 3).
// Fetching (run_preflight) is separate from judging (evaluate_preflight, pure, composed of the
// one-check functions of engine/preflight_checks.h).

#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/events.h"
#include "engine/reporter.h"
#include "util/result.h"

namespace engine {

class SharedReads;

struct PreflightInput {
  std::string cluster;
  std::string service;
  std::string container;   // empty: not checked (scale)
  std::string image_tag;   // empty: image not checked (scale, rollback to a revision)
  std::string family;      // empty: the service's current family
  std::string repository;  // expected ECR repository of the container's image; "" = derive
  std::string expected_account;
  std::optional<int> desired_count;
  int max_desired_count = 5000;
  bool require_idle = true;  // no other deployment in progress
  bool need_task_definition = true;
};

// What the read-only calls returned. nullopt = not called.
struct PreflightObservations {
  std::optional<util::Result<services::CallerIdentity>> identity;
  std::optional<util::Result<services::DescribeClustersResult>> clusters;
  std::optional<util::Result<services::DescribeServicesResult>> services;
  std::optional<util::Result<services::ListResult>> service_list;  // hint when service missing
  std::optional<util::Result<services::TaskDefinition>> task_definition;  // latest of family
  // The revision the service runs, fetched only when it is not the latest one.
  std::optional<util::Result<services::TaskDefinition>> current_task_definition;
  std::optional<util::Result<services::ImageDetail>> image;
  std::string image_skip_reason;  // "not an ECR image" etc.
  std::string image_repository;   // the ECR repository of the container's image, when ECR
  // The service's current service deployment, described only when it is in flight and the
  // preflight requires idleness (to name its stage and pause hooks).
  std::optional<util::Result<services::DescribeServiceDeploymentsResult>> in_flight;
};

struct PreflightResult {
  std::vector<PreflightCheck> checks;
  bool ok() const;
  std::vector<std::string> problems() const;  // "<name>: <detail>" of failed checks
  Hints hints() const;                        // the failed checks' hints, in order
  // Facts for the plan (valid when ok()).
  services::CallerIdentity identity;
  services::Service service;
  services::TaskDefinition base;  // latest revision of the family
  // The revision the service runs, when it differs from `base` and could be described.
  std::optional<services::TaskDefinition> current;
  std::string family;
};

PreflightResult evaluate_preflight(const PreflightInput& input, const PreflightObservations& obs);

// Runs the calls (in parallel where they do not depend on each other), emits one
// PreflightCheck per check and returns the evaluation. The second form reads through `reads`,
// which the preflights of one fleet run share (engine/shared_reads.h).
PreflightResult run_preflight(const Clients& clients, Reporter& reporter,
                              const PreflightInput& input);
PreflightResult run_preflight(const Clients& clients, SharedReads& reads, Reporter& reporter,
                              const PreflightInput& input);

// True when the service has a rollout in flight (several deployments or PRIMARY IN_PROGRESS).
bool deployment_in_progress(const services::Service& service);

}  // namespace engine
