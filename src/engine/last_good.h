#pragma once
// The revision that last ran successfully: what `rollback --to-tag` (and a redeploy of a tag
// that already ran) copies, so that a configuration that failed (a renamed secret, a wrong
// environment value) is not carried into the new revision (issue 15 item 3).

#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/rollback_target.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace engine {

struct LastGood {
  std::string task_definition;
  std::string why;  // "its service deployment ecs-svc/... was SUCCESSFUL", ...
};

// Pure. 1. the revision of the newest SUCCESSFUL service deployment whose revision is still
// ACTIVE; 2. without service deployment history, the revision the service runs when its only
// deployment has COMPLETED. nullopt: nothing is known to have run well.
std::optional<LastGood> last_good_revision(const services::Service& service,
                                           const std::vector<PastDeployment>& deployments);

// Pure: true when a SUCCESSFUL service deployment ran `task_definition`.
bool ran_successfully(const std::string& task_definition,
                      const std::vector<PastDeployment>& deployments);

// The service's deployments newest first (ListServiceDeployments, at most `depth`) with the
// revision each one targeted (DescribeServiceRevisions).
util::Result<std::vector<PastDeployment>> fetch_past_deployments(const Clients& clients,
                                                                 const std::string& cluster,
                                                                 const std::string& service,
                                                                 int depth = 20);

}  // namespace engine
