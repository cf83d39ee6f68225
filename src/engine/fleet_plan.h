#pragma once
// The plan of a fleet deploy (deploy --services) beyond each service's own plan: which
// services share one new revision, and the least time the ECS API limits allow for the
// changes. Pure (table-tested in fleet_plan_test.cpp).
//
// Services share a revision when they deploy the same image change on the same base
// revision: the revision to register is then the same document (definition and tags), so it
// is registered once and every service of the group updates to it. Services on different base
// revisions or families get their own.

#include <chrono>
#include <string>
#include <vector>

#include "aws/rate_limiter.h"
#include "engine/plan.h"

namespace engine {

struct RevisionGroup {
  std::string family;
  std::string base;             // the base revision's ARN
  std::string image;            // the image the group deploys
  bool reuse = false;           // the base already has the image: nothing is registered
  std::vector<size_t> members;  // indices of the run's services, in order
};

struct FleetPlan {
  std::vector<RevisionGroup> groups;  // in the order of their first member
  int registrations = 0;              // RegisterTaskDefinition calls the run makes
  int updates = 0;                    // UpdateService calls
  // The least time those calls take within ECS's buckets (digest §6): a burst, then the
  // refill; the two buckets are independent, so the larger of the two.
  std::chrono::milliseconds floor{0};
};

// `plans[i]` is service i's plan (nullptr: it will not be deployed).
FleetPlan plan_fleet(const std::vector<const DeployPlan*>& plans);

// The least time `calls` calls take on a bucket that starts full.
std::chrono::milliseconds bucket_floor(int calls, const aws::BucketSpec& bucket);

}  // namespace engine
