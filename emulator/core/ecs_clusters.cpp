// ECS cluster actions: CreateCluster, DescribeClusters, ListClusters.
#include "core/actions.h"
#include "core/api_error.h"
#include "core/ecs_json.h"

namespace emulator {
namespace {

bool include_has(const Json& body, const char* what) {
  for (const auto& s : opt_string_list(body, "include")) {
    if (s == what) {
      return true;
    }
  }
  return false;
}

Json create_cluster(Call& c) {
  std::string name = opt_string(c.body, "clusterName").value_or("default");
  if (!valid_name(name)) {
    throw invalid_parameter(
        "Cluster name can have up to 255 characters: letters, numbers, hyphens and underscores.");
  }
  std::vector<Tag> tags = parse_tags(opt_array(c.body, "tags"), "tags");
  std::string arn = c.st.cluster_arn(c.caller.account, name);
  Cluster* existing = c.st.find_cluster(arn);
  if (existing == nullptr) {
    Cluster cl;
    cl.arn = arn;
    cl.name = name;
    cl.account = c.caller.account;
    cl.tags = tags;
    if (c.body.contains("settings") && c.body["settings"].is_array()) {
      cl.settings = c.body["settings"];
    }
    existing = &c.st.clusters.emplace(arn, std::move(cl)).first->second;
  } else {
    existing->status = "ACTIVE";  // CreateCluster is idempotent
  }
  return {{"cluster", cluster_json(c.st, *existing, true)}};
}

Json describe_clusters(Call& c) {
  std::vector<std::string> names = opt_string_list(c.body, "clusters");
  if (names.empty()) {
    names.push_back("default");
  }
  if (names.size() > 100) {
    throw invalid_parameter("clusters can have at most 100 items.");
  }
  bool tags = include_has(c.body, "TAGS");
  Json clusters = Json::array();
  Json failures = Json::array();
  for (const auto& n : names) {
    std::string arn = c.st.resolve_cluster(c.caller.account, n);
    Cluster* cl = c.st.find_cluster(arn);
    if (cl == nullptr) {
      failures.push_back({{"arn", arn}, {"reason", "MISSING"}});
    } else {
      clusters.push_back(cluster_json(c.st, *cl, tags));
    }
  }
  return {{"clusters", clusters}, {"failures", failures}};
}

Json list_clusters(Call& c) {
  std::vector<std::string> arns;
  for (const auto& [arn, cl] : c.st.clusters) {
    if (cl.account == c.caller.account) {
      arns.push_back(arn);
    }
  }
  return sorted_page(arns, c.body, "clusters", 100, 100, "clusterArns");  // map order: sorted
}

}  // namespace

void add_ecs_cluster_actions(ActionTable& table) {
  table["CreateCluster"] = create_cluster;
  table["DescribeClusters"] = describe_clusters;
  table["ListClusters"] = list_clusters;
}

}  // namespace emulator
