#pragma once
// Which task definition each listed service deployment ran: one DescribeServiceRevisions for
// their target revisions. Shared by history (shows them) and last_good (judges them).

#include <map>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace engine {

// Service revision ARN -> task definition ARN, for every deployment that names a target
// revision; empty (and no call) when none does.
util::Result<std::map<std::string, std::string>> task_definitions_of_targets(
    const Clients& clients, const std::vector<services::ServiceDeploymentBrief>& deployments);

}  // namespace engine
