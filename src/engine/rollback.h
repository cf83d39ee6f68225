#pragma once
// rollback: back to the last known-good revision (contributing.md, S7). Default target: the
// revision of the last SUCCESSFUL service deployment before the current one; fallback to our
// deploy tags, then revision - 1. --to-revision N picks one; --to-tag goes through deploy.

#include <optional>
#include <string>

#include "engine/clients.h"
#include "engine/deploy.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "util/clock.h"

namespace engine {

struct RollbackOptions {
  std::string cluster;
  std::string service;
  std::optional<int> to_revision;
  std::optional<std::string> to_tag;  // redeploys that tag via deploy(); needs container
  std::string container;              // for --to-tag
  // What the --to-tag revision copies: by default the revision that last ran successfully,
  // not the family's latest (which after a config-caused failure is the failed one).
  BaseChoice base{BaseKind::LastGood};
  std::string expected_account;
  bool wait = true;
  bool dry_run = false;
  DeployMetadata metadata;  // for --to-tag
  WatchOptions watch;
};

OperationResult rollback(const Clients& clients, util::Clock& clock, Reporter& reporter,
                         const RollbackOptions& options);

}  // namespace engine
