#pragma once
// history: revisions of the family newest first with their image tag and deploy metadata,
// and which service deployments ran them. Cost is proportional to `limit`, not family size.

#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "services/ecs_types.h"
#include "util/clock.h"
#include "util/result.h"

namespace engine {

struct HistoryOptions {
  std::string cluster;
  std::string service;
  std::string family;     // empty: the family of the service's current revision
  std::string container;  // empty: the first container
  int limit = 20;
};

struct HistoryDeployment {
  std::string arn;
  std::string status;  // SUCCESSFUL, ROLLBACK_SUCCESSFUL, ...
  std::string status_reason;
  std::optional<util::SystemTime> started_at;
  std::optional<util::SystemTime> finished_at;
  std::string strategy;         // ROLLING, BLUE_GREEN, LINEAR, CANARY; "" when not described
  bool rolled_back = false;     // ECS rolled it back (or is rolling it back)
  std::string rollback_reason;  // ECS's reason, when it rolled back
};

// The deployment was rolled back: a ROLLBACK_* status, or ECS reports a rollback.
bool rolled_back(const services::ServiceDeployment& deployment);

struct HistoryEntry {
  std::string task_definition_arn;
  int revision = 0;
  std::string status;  // ACTIVE, INACTIVE
  std::string image;
  std::string image_tag;  // from the image reference, or the ecsdeploy:image-tag tag
  std::optional<util::SystemTime> registered_at;
  std::string registered_by;
  std::string git_sha;  // ecsdeploy:git-sha
  std::string run_url;  // ecsdeploy:run-url
  std::string actor;    // ecsdeploy:actor
  bool running_now = false;
  std::vector<HistoryDeployment> deployments;  // newest first
};

struct HistoryReport {
  std::string family;
  std::string current_task_definition;
  std::vector<HistoryEntry> entries;  // newest first
  bool service_deployments_available = true;
};

util::Result<HistoryReport> history(const Clients& clients, const HistoryOptions& options);

}  // namespace engine
