#pragma once
// The one service a read-only command (status, history) looks at, with errors that name what
// is missing: "cluster 'stg' not found", "service 'web' not found in cluster 'stg'", instead of
// ECS's bare "ClusterNotFoundException: Cluster not found.".

#include <string>

#include "engine/clients.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace engine {

util::Result<services::Service> find_service(const Clients& clients, const std::string& cluster,
                                             const std::string& service, bool include_tags);

}  // namespace engine
