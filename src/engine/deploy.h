#pragma once
// deploy: preflight -> plan -> (dry run stops) -> register or reuse -> verify -> one
// UpdateService -> watch -> optional rollback (contributing.md, S1-S6, S8, S10, S11).

#include <chrono>
#include <optional>
#include <string>

#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "engine/watch.h"
#include "util/clock.h"
#include "util/env.h"

namespace engine {

// Provenance recorded as tags on the new revision (ecsdeploy:git-sha, ...). Empty = not set.
struct DeployMetadata {
  std::string git_sha;
  std::string run_url;
  std::string actor;
};
// From GitHub Actions' environment: GITHUB_SHA, GITHUB_SERVER_URL/GITHUB_REPOSITORY/
// GITHUB_RUN_ID (run URL), GITHUB_ACTOR. All empty outside Actions.
DeployMetadata metadata_from_env(const util::Env& env);

// Which revision the new one copies (--base): the family's latest, the revision that last ran
// successfully (last_good.h), or a given revision number of the family. Auto is the latest,
// except for a redeploy of a tag that already ran well while the latest revision was deployed
// and failed: then the last good one (deploy_base.h).
enum class BaseKind { Auto, Latest, LastGood, Revision };
struct BaseChoice {
  BaseKind kind = BaseKind::Auto;
  int revision = 0;  // for BaseKind::Revision
};

struct DeployOptions {
  std::string cluster;
  std::string service;
  std::string container;
  std::string image_tag;
  int desired_count = 1;
  // Ignore desired_count and keep the service's current count: what `deploy` does without
  // --desired-count (an incident deploy must not shrink a 10-task service to 1).
  bool keep_desired_count = false;
  std::string family;  // empty: the family of the service's current revision
  BaseChoice base;
  // ECR repository name of the container's image (config file), e.g. "team/web". Optional:
  // when given, the tag check runs in the first round of preflight calls and the container's
  // image must come from this repository.
  std::string repository;
  std::string expected_account;  // empty: not checked
  bool wait = true;
  bool rollback_on_failure = true;
  bool dry_run = false;
  bool force_new_revision = false;
  bool wait_for_idle = false;  // wait for an in-flight deployment instead of failing preflight
  bool supersede = false;      // skip the idle check: ECS replaces the in-flight deployment
  int max_desired_count = 5000;
  DeployMetadata metadata;
  WatchOptions watch;
  // The CI job's own time limit (a GitHub-hosted job: 6 h), given by the CLI: the plan warns
  // when the deployment cannot end within it.
  std::optional<std::chrono::minutes> job_limit;
};

OperationResult deploy(const Clients& clients, util::Clock& clock, Reporter& reporter,
                       const DeployOptions& options);

}  // namespace engine
