#include "engine/lifecycle.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

TEST(Lifecycle, StagesInOrderWithPreProductionAsProductionShift) {
  EXPECT_EQ(stage_position("RECONCILE_SERVICE"), 0);
  EXPECT_LT(stage_position("POST_TEST_TRAFFIC_SHIFT"), stage_position("BAKE_TIME"));
  EXPECT_EQ(stage_position("PRE_PRODUCTION_TRAFFIC_SHIFT"),
            stage_position("PRODUCTION_TRAFFIC_SHIFT"));
  EXPECT_EQ(stage_position("CLEAN_UP"), static_cast<int>(lifecycle_stages().size()) - 1);
  EXPECT_FALSE(stage_position("WEIRD").has_value());
  EXPECT_FALSE(stage_position("").has_value());
}

TEST(Lifecycle, ParseWaitUntil) {
  struct Case {
    const char* text;
    std::optional<WaitUntil> want;
  };
  const Case cases[] = {
      {"completed", WaitUntil{}},
      {"COMPLETED", WaitUntil{}},
      {"paused", WaitUntil{WaitUntil::Kind::Paused, ""}},
      {"BAKE_TIME", WaitUntil{WaitUntil::Kind::Stage, "BAKE_TIME"}},
      {"bake_time", WaitUntil{WaitUntil::Kind::Stage, "BAKE_TIME"}},
      {"ecs:POST_TEST_TRAFFIC_SHIFT", WaitUntil{WaitUntil::Kind::Stage, "POST_TEST_TRAFFIC_SHIFT"}},
      {"stage:CLEAN_UP", WaitUntil{WaitUntil::Kind::Stage, "CLEAN_UP"}},
      {"PRE_PRODUCTION_TRAFFIC_SHIFT", std::nullopt},  // a hook stage, never reported as such
      {"ecs:", std::nullopt},
      {"done", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(parse_wait_until(c.text), c.want) << c.text;
  }
  EXPECT_EQ(to_string(*parse_wait_until("ecs:bake_time")), "BAKE_TIME");
  EXPECT_EQ(to_string(WaitUntil{}), "completed");
}

TEST(Lifecycle, TerminalStatuses) {
  for (const char* s : {"SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"}) {
    EXPECT_TRUE(terminal_deployment_status(s)) << s;
  }
  for (const char* s : {"PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED",
                        "ROLLBACK_IN_PROGRESS", ""}) {
    EXPECT_FALSE(terminal_deployment_status(s)) << s;
  }
}

}  // namespace
}  // namespace engine
