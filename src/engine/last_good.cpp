#include "engine/last_good.h"

#include "engine/service_revisions.h"
#include "services/arn.h"

namespace engine {

std::optional<LastGood> last_good_revision(const services::Service& service,
                                           const std::vector<PastDeployment>& deployments) {
  for (const auto& d : deployments) {
    if (d.status == "SUCCESSFUL" && !d.task_definition.empty() && !d.revision_inactive) {
      return LastGood{
          d.task_definition,
          "its service deployment " + services::arn_last_component(d.arn) + " was SUCCESSFUL"};
    }
  }
  if (deployments.empty() && service.deployments.size() == 1 &&
      service.deployments[0].rollout_state == "COMPLETED" && !service.task_definition.empty()) {
    return LastGood{service.task_definition,
                    "the service runs it and its deployment COMPLETED (no service deployment "
                    "history)"};
  }
  return std::nullopt;
}

bool ran_successfully(const std::string& task_definition,
                      const std::vector<PastDeployment>& deployments) {
  for (const auto& d : deployments) {
    if (d.status == "SUCCESSFUL" && d.task_definition == task_definition) {
      return true;
    }
  }
  return false;
}

util::Result<std::vector<PastDeployment>> fetch_past_deployments(const Clients& clients,
                                                                 const std::string& cluster,
                                                                 const std::string& service,
                                                                 int depth) {
  services::ListServiceDeploymentsRequest req;
  req.cluster = cluster;
  req.service = service;
  req.max_results = depth;
  auto listed = clients.ecs.list_service_deployments(req);
  if (!listed) {
    return listed.take_error();
  }
  auto td_of = task_definitions_of_targets(clients, listed->deployments);
  if (!td_of) {
    return td_of.take_error();
  }
  std::vector<PastDeployment> out;
  for (const auto& d : listed->deployments) {
    out.push_back({d.arn, d.status, (*td_of)[d.target_service_revision_arn]});
  }
  return out;
}

}  // namespace engine
