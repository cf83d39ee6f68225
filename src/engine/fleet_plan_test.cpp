#include "engine/fleet_plan.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

DeployPlan plan(const std::string& service, const std::string& base, const std::string& image,
                bool reuse = false) {
  DeployPlan p;
  p.service = service;
  p.base.arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/" + base;
  p.base.family = base.substr(0, base.find(':'));
  p.new_image = image;
  p.reuse_revision = reuse;
  p.definition = {{"family", p.base.family},
                  {"containerDefinitions", {{{"name", "app"}, {"image", image}}}}};
  p.tags = {{"ecsdeploy:image-tag", image.substr(image.find(':') + 1)}};
  return p;
}

TEST(BucketFloorTest, BurstThenRefill) {
  const aws::BucketSpec update{"service-modify", 50, 5};
  const aws::BucketSpec reg{"task-definition-modify", 20, 1};
  struct Row {
    int calls;
    aws::BucketSpec bucket;
    long long ms;
  };
  const Row rows[] = {{0, update, 0},       {50, update, 0},      {51, update, 200},
                      {100, update, 10000}, {500, update, 90000}, {1, reg, 0},
                      {20, reg, 0},         {100, reg, 80000}};
  for (const auto& r : rows) {
    EXPECT_EQ(bucket_floor(r.calls, r.bucket).count(), r.ms) << r.calls << " " << r.bucket.name;
  }
}

TEST(PlanFleetTest, OneRevisionPerFamilyBaseAndImage) {
  std::vector<DeployPlan> plans;
  for (int i = 0; i < 100; ++i) {
    plans.push_back(plan("web-" + std::to_string(i), "web:4", "repo/web:v2"));
  }
  plans.push_back(plan("web-old", "web:3", "repo/web:v2"));       // another base: its own
  plans.push_back(plan("worker", "worker:7", "repo/web:v2"));     // another family: its own
  plans.push_back(plan("pinned", "web:5", "repo/web:v2", true));  // already has it
  plans.push_back(plan("pinned-2", "web:5", "repo/web:v2", true));
  plans.push_back(plan("other-image", "web:4", "repo/web:v3"));  // another change: its own
  std::vector<const DeployPlan*> in;
  for (const auto& p : plans) {
    in.push_back(&p);
  }
  in.push_back(nullptr);  // a service that is not deployed
  FleetPlan f = plan_fleet(in);
  ASSERT_EQ(f.groups.size(), 5u);
  EXPECT_EQ(f.groups[0].members.size(), 100u);
  EXPECT_EQ(f.groups[0].family, "web");
  EXPECT_EQ(f.groups[0].members.front(), 0u);
  EXPECT_EQ(f.groups[1].members, (std::vector<size_t>{100}));
  EXPECT_EQ(f.groups[2].members, (std::vector<size_t>{101}));
  EXPECT_TRUE(f.groups[3].reuse);
  EXPECT_EQ(f.groups[3].members, (std::vector<size_t>{102, 103}));
  EXPECT_EQ(f.groups[4].members, (std::vector<size_t>{104}));
  EXPECT_EQ(f.registrations, 4);
  EXPECT_EQ(f.updates, 105);
  // 105 updates: 55 beyond the burst of 50 at 5/s; 4 registrations fit the burst.
  EXPECT_EQ(f.floor.count(), 11000);
}

TEST(PlanFleetTest, DifferentTagsAreDifferentRevisions) {
  DeployPlan a = plan("a", "web:4", "repo/web:v2");
  DeployPlan b = plan("b", "web:4", "repo/web:v2");
  b.tags.push_back({"team", "b"});
  FleetPlan f = plan_fleet({&a, &b});
  EXPECT_EQ(f.groups.size(), 2u);
  EXPECT_EQ(f.registrations, 2);
}

}  // namespace
}  // namespace engine
