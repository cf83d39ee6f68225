#include "engine/service_tasks.h"

namespace engine {

util::Result<std::vector<std::string>> list_task_arns(const Clients& clients,
                                                      const std::string& cluster,
                                                      const std::string& service,
                                                      const std::string& desired_status) {
  std::vector<std::string> arns;
  services::ListTasksRequest req;
  req.cluster = cluster;
  req.service_name = service;
  req.desired_status = desired_status;
  req.max_results = 100;
  do {
    auto page = clients.ecs.list_tasks(req);
    if (!page) {
      return page.take_error();
    }
    arns.insert(arns.end(), page->arns.begin(), page->arns.end());
    req.next_token = page->next_token;
  } while (!req.next_token.empty());
  return arns;
}

util::Result<std::vector<services::Task>> list_service_tasks(const Clients& clients,
                                                             const std::string& cluster,
                                                             const std::string& service,
                                                             const std::string& desired_status) {
  auto arns = list_task_arns(clients, cluster, service, desired_status);
  if (!arns) {
    return arns.take_error();
  }
  if (arns->empty()) {
    return std::vector<services::Task>{};
  }
  auto described = clients.ecs.describe_tasks(cluster, *arns);
  if (!described) {
    return described.take_error();
  }
  return std::move(described->tasks);
}

}  // namespace engine
