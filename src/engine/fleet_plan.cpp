#include "engine/fleet_plan.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

namespace engine {

namespace {

// Two plans share a revision exactly when they would register the same document.
std::string revision_key(const DeployPlan& plan) {
  if (plan.reuse_revision) {
    return "reuse\n" + plan.base.arn;
  }
  nlohmann::ordered_json tags = nlohmann::ordered_json::array();
  for (const auto& t : plan.tags) {
    tags.push_back({t.key, t.value});
  }
  return "new\n" + plan.base.arn + "\n" + plan.definition.dump() + "\n" + tags.dump();
}

}  // namespace

std::chrono::milliseconds bucket_floor(int calls, const aws::BucketSpec& bucket) {
  const double beyond = static_cast<double>(calls) - bucket.burst;
  if (beyond <= 0 || bucket.refill <= 0) {
    return std::chrono::milliseconds{0};
  }
  return std::chrono::milliseconds{
      static_cast<long long>(std::ceil(beyond / bucket.refill * 1000))};
}

FleetPlan plan_fleet(const std::vector<const DeployPlan*>& plans) {
  FleetPlan out;
  std::map<std::string, size_t> group_of;
  for (size_t i = 0; i < plans.size(); ++i) {
    const DeployPlan* p = plans[i];
    if (p == nullptr) {
      continue;
    }
    ++out.updates;
    auto [it, inserted] = group_of.try_emplace(revision_key(*p), out.groups.size());
    if (inserted) {
      out.groups.push_back({p->base.family, p->base.arn, p->new_image, p->reuse_revision, {}});
      out.registrations += p->reuse_revision ? 0 : 1;
    }
    out.groups[it->second].members.push_back(i);
  }
  out.floor = std::max(bucket_floor(out.updates, *aws::ecs_bucket("UpdateService")),
                       bucket_floor(out.registrations, *aws::ecs_bucket("RegisterTaskDefinition")));
  return out;
}

}  // namespace engine
