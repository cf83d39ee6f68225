#pragma once
// A service's tasks by desired status, every page: the settle window and the scale drain need
// all of them, not the first 100.

#include <string>
#include <vector>

#include "engine/clients.h"
#include "services/ecs_types.h"

namespace engine {

// ListTasks(serviceName, desiredStatus) over all pages.
util::Result<std::vector<std::string>> list_task_arns(const Clients& clients,
                                                      const std::string& cluster,
                                                      const std::string& service,
                                                      const std::string& desired_status);

// The same tasks, described (DescribeTasks in batches of 100).
util::Result<std::vector<services::Task>> list_service_tasks(const Clients& clients,
                                                             const std::string& cluster,
                                                             const std::string& service,
                                                             const std::string& desired_status);

}  // namespace engine
