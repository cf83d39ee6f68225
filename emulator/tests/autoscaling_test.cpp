// Application Auto Scaling targets live in State: loaded from the scenario, listed per account,
// updated by RegisterScalableTarget, and never shared between two emulator instances.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace emulator::testing {
namespace {

const char* const k_aas = "application-autoscaling";

Json with_target(long long min, long long max) {
  Json s = base_scenario();
  s["scalableTargets"] = {
      {{"resourceId", "service/demo/web"}, {"minCapacity", min}, {"maxCapacity", max}}};
  return s;
}

Json describe(Harness& h) {
  return h.call("DescribeScalableTargets", {{"ServiceNamespace", "ecs"}}, k_aas);
}

TEST(ScalableTargets, ScenarioTargetsAreStateMembers) {
  Harness h(with_target(2, 6));
  State& st = h.emulator().state();
  ASSERT_EQ(st.scalable_targets.size(), 1u);
  const ScalableTarget& t = st.scalable_targets.begin()->second;
  EXPECT_EQ(t.resource_id, "service/demo/web");
  EXPECT_EQ(t.min_capacity, 2);
  EXPECT_EQ(t.max_capacity, 6);
  Json out = describe(h);
  ASSERT_EQ(h.status(), 200);
  ASSERT_EQ(out["ScalableTargets"].size(), 1u);
  EXPECT_EQ(out["ScalableTargets"][0]["MinCapacity"], 2);
  EXPECT_EQ(out["ScalableTargets"][0]["ScalableDimension"], "ecs:service:DesiredCount");
}

TEST(ScalableTargets, EachEmulatorKeepsItsOwn) {
  auto a = std::make_unique<Harness>(with_target(1, 3));
  Harness b;  // no scalableTargets
  EXPECT_EQ(describe(b)["ScalableTargets"].size(), 0u);
  b.call("RegisterScalableTarget",
         {{"ServiceNamespace", "ecs"},
          {"ResourceId", "service/demo/web"},
          {"ScalableDimension", "ecs:service:DesiredCount"},
          {"MinCapacity", 4},
          {"MaxCapacity", 8}},
         k_aas);
  ASSERT_EQ(b.status(), 200);
  EXPECT_EQ(describe(*a)["ScalableTargets"][0]["MinCapacity"], 1);
  EXPECT_EQ(describe(b)["ScalableTargets"][0]["MinCapacity"], 4);
  // A new emulator built after another is destroyed starts from its own scenario only.
  a.reset();
  Harness c;
  EXPECT_EQ(describe(c)["ScalableTargets"].size(), 0u);
}

TEST(ScalableTargets, RegisterUpdatesOnlyTheGivenMembers) {
  Harness h(with_target(2, 6));
  h.call("RegisterScalableTarget",
         {{"ServiceNamespace", "ecs"},
          {"ResourceId", "service/demo/web"},
          {"ScalableDimension", "ecs:service:DesiredCount"},
          {"MaxCapacity", 9}},
         k_aas);
  ASSERT_EQ(h.status(), 200);
  Json t = describe(h)["ScalableTargets"][0];
  EXPECT_EQ(t["MinCapacity"], 2);
  EXPECT_EQ(t["MaxCapacity"], 9);
  h.call("RegisterScalableTarget",
         {{"ServiceNamespace", "ecs"},
          {"ResourceId", "service/demo/web"},
          {"ScalableDimension", "ecs:service:DesiredCount"},
          {"MinCapacity", 10}},
         k_aas);
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(describe(h)["ScalableTargets"][0]["MinCapacity"], 2);
}

}  // namespace
}  // namespace emulator::testing
