#include "engine/service_lookup.h"

namespace engine {

util::Result<services::Service> find_service(const Clients& clients, const std::string& cluster,
                                             const std::string& service, bool include_tags) {
  auto described = clients.ecs.describe_services(cluster, {service}, include_tags);
  if (!described) {
    util::Error e = described.take_error();
    if (e.code == "ClusterNotFoundException") {
      e.kind = util::ErrorKind::NotFound;
      e.message = "cluster '" + cluster + "' not found in this account and region";
    }
    return e;
  }
  if (described->services.empty()) {
    return util::make_error(util::ErrorKind::NotFound,
                            "service '" + service + "' not found in cluster '" + cluster + "'");
  }
  return std::move(described->services.front());
}

}  // namespace engine
