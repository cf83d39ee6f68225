#include "engine/history.h"

#include <future>
#include <map>

#include "engine/image_ref.h"
#include "engine/image_swap.h"
#include "engine/service_lookup.h"
#include "engine/service_revisions.h"
#include "services/arn.h"

namespace engine {

namespace {

constexpr size_t k_parallel_describes = 8;

std::string tag_value(const std::vector<services::Tag>& tags, const char* key) {
  for (const auto& t : tags) {
    if (t.key == key) {
      return t.value;
    }
  }
  return {};
}

HistoryEntry entry_from(const services::TaskDefinition& td, const std::string& container) {
  HistoryEntry e;
  e.task_definition_arn = td.arn;
  e.revision = td.revision;
  e.status = td.status;
  e.registered_at = td.registered_at;
  e.registered_by = td.registered_by;
  for (const auto& c : td.containers) {
    if (container.empty() || c.name == container) {
      e.image = c.image;
      break;
    }
  }
  if (auto ref = parse_image(e.image)) {
    e.image_tag = ref->tag;
  }
  std::string tagged = tag_value(td.tags, k_tag_image);
  if (e.image_tag.empty()) {
    e.image_tag = tagged;
  }
  e.git_sha = tag_value(td.tags, k_tag_git_sha);
  e.run_url = tag_value(td.tags, k_tag_run_url);
  e.actor = tag_value(td.tags, k_tag_actor);
  return e;
}

// Strategy and rollback of each listed deployment (DescribeServiceDeployments, 20 a call);
// empty when the call fails: the statuses still show.
std::map<std::string, const services::ServiceDeployment*> by_arn(
    const services::DescribeServiceDeploymentsResult& described) {
  std::map<std::string, const services::ServiceDeployment*> out;
  for (const auto& sd : described.deployments) {
    out[sd.arn] = &sd;
  }
  return out;
}

}  // namespace

bool rolled_back(const services::ServiceDeployment& sd) {
  return sd.rolled_back || sd.status.rfind("ROLLBACK_", 0) == 0;
}

util::Result<HistoryReport> history(const Clients& clients, const HistoryOptions& o) {
  if (o.limit < 1 || o.limit > 100) {
    return util::make_error(util::ErrorKind::InvalidInput, "the limit must be between 1 and 100");
  }
  HistoryReport report;
  report.family = o.family;
  std::string current_sd;
  if (!o.service.empty()) {
    auto found = find_service(clients, o.cluster, o.service, false);
    if (!found) {
      return found.take_error();
    }
    const services::Service& s = *found;
    report.current_task_definition = s.task_definition;
    current_sd = s.current_service_deployment;
    if (report.family.empty()) {
      if (auto fr = services::parse_task_definition_ref(s.task_definition)) {
        report.family = fr->family;
      }
    }
  }
  if (report.family.empty()) {
    return util::make_error(util::ErrorKind::InvalidInput, "give a family or a service");
  }

  services::ListTaskDefinitionsRequest list;
  list.family_prefix = report.family;
  list.status = "ACTIVE";
  list.newest_first = true;
  list.max_results = o.limit;
  auto listed = clients.ecs.list_task_definitions(list);
  if (!listed) {
    return listed.take_error();
  }
  // Describe each listed revision (with TAGS), a few at a time.
  const auto& arns = listed->arns;
  for (size_t i = 0; i < arns.size(); i += k_parallel_describes) {
    std::vector<std::future<util::Result<services::TaskDefinition>>> batch;
    for (size_t j = i; j < arns.size() && j < i + k_parallel_describes; ++j) {
      batch.push_back(std::async(std::launch::async, [&clients, arn = arns[j]] {
        return clients.ecs.describe_task_definition(arn);
      }));
    }
    for (auto& f : batch) {
      auto td = f.get();
      if (!td) {
        return td.take_error();
      }
      HistoryEntry e = entry_from(*td, o.container);
      e.running_now = e.task_definition_arn == report.current_task_definition;
      report.entries.push_back(std::move(e));
    }
  }

  // Which service deployments ran which revision (newest first), as far as the API knows.
  report.service_deployments_available = !current_sd.empty();
  if (report.service_deployments_available) {
    services::ListServiceDeploymentsRequest req;
    req.cluster = o.cluster;
    req.service = o.service;
    req.max_results = o.limit;
    auto sds = clients.ecs.list_service_deployments(req);
    if (!sds) {
      report.service_deployments_available = false;
      return report;
    }
    // Without the revisions the deployments cannot be placed; the revisions still show.
    std::map<std::string, std::string> td_of;
    if (auto found = task_definitions_of_targets(clients, sds->deployments)) {
      td_of = std::move(*found);
    }
    std::vector<std::string> sd_arns;
    for (const auto& d : sds->deployments) {
      sd_arns.push_back(d.arn);
    }
    services::DescribeServiceDeploymentsResult described;
    if (!sd_arns.empty()) {
      if (auto found = clients.ecs.describe_service_deployments(sd_arns)) {
        described = std::move(*found);
      }
    }
    const auto details = by_arn(described);
    for (const auto& d : sds->deployments) {
      const std::string& td = td_of[d.target_service_revision_arn];
      HistoryDeployment row{d.arn, d.status, d.status_reason, d.started_at, d.finished_at};
      row.rolled_back = d.status.rfind("ROLLBACK_", 0) == 0;
      if (auto it = details.find(d.arn); it != details.end()) {
        const services::ServiceDeployment& sd = *it->second;
        const auto& config = sd.configuration;
        row.strategy = config && !config->strategy.empty() ? config->strategy : "ROLLING";
        row.rolled_back = rolled_back(sd);
        row.rollback_reason = sd.rollback_reason;
      }
      for (auto& e : report.entries) {
        if (e.task_definition_arn == td) {
          e.deployments.push_back(row);
        }
      }
    }
  }
  return report;
}

}  // namespace engine
