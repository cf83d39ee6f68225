#include "cli/reporters/strategy_text.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/reporters/github_reporter.h"
#include "cli/reporters/json_reporter.h"
#include "cli/reporters/run_record.h"
#include "support/manual_clock.h"

namespace cli {
namespace {

using std::chrono::minutes;

TEST(StrategyText, Minutes) {
  const std::pair<int, const char*> cases[] = {
      {0, "0 min"},      {45, "45 min"},           {60, "1 h"},       {81, "1 h 21 min"},
      {1440, "1 d 0 h"}, {2910, "2 d 0 h 30 min"}, {1500, "1 d 1 h"},
  };
  for (const auto& [m, want] : cases) {
    EXPECT_EQ(minutes_text(minutes(m)), want);
  }
}

// A canary with a pause at every step, judged against a 6 h GitHub-hosted job and a 10 h
// timeout: the GitHub summary lists it and the JSON result carries it as typed members.
engine::PlanReady canary_plan() {
  services::Service svc;
  auto& c = svc.deployment_configuration;
  c.strategy = "CANARY";
  c.canary_percent = 10;
  c.canary_bake_minutes = 30;
  c.bake_time_minutes = 60;
  services::LifecycleHook pause;
  pause.target_type = "PAUSE";
  pause.stages = {"PRE_PRODUCTION_TRAFFIC_SHIFT"};
  pause.timeout_minutes = 240;
  c.lifecycle_hooks = {pause};
  engine::PlanReady p;
  p.command = "deploy";
  p.cluster = "stg";
  p.service = "web";
  p.strategy = engine::summarize_strategy(svc, {true, minutes(600), minutes(360)});
  return p;
}

TEST(StrategyText, GitHubSummaryAndJsonCarryTheStrategy) {
  testing_support::ManualClock clock;
  RunRecord record(clock);
  const engine::PlanReady plan = canary_plan();
  record.on(plan);
  engine::OperationResult result;
  result.command = "deploy";
  result.cluster = "stg";
  result.service = "web";
  result.outcome = engine::Outcome::Succeeded;
  result.dry_run = true;

  const std::string md = step_summary_markdown(result, record);
  EXPECT_NE(md.find("#### Deployment strategy\n\n- strategy: CANARY, 10% of production for "
                    "30 min, then 100%, bake 1 h"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- hook at PRE_PRODUCTION_TRAFFIC_SHIFT: PAUSE (timeout 4 h, then "
                    "ROLLBACK), before each of 2 steps"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("up to 9 h 30 min with every pause timing out"), std::string::npos) << md;
  EXPECT_NE(md.find("more than the 6 h a GitHub-hosted job may run"), std::string::npos) << md;

  const auto j = nlohmann::json::parse(result_json(result, record));
  const auto& s = j.at("strategy");
  EXPECT_EQ(s.at("strategy"), "CANARY");
  EXPECT_EQ(s.at("steps"), 2);
  EXPECT_EQ(s.at("minimum_minutes"), 90);
  EXPECT_EQ(s.at("worst_minutes"), 90 + 2 * 240);
  ASSERT_EQ(s.at("hooks").size(), 1u);
  EXPECT_EQ(s.at("hooks")[0].at("runs"), 2);
  EXPECT_EQ(s.at("hooks")[0].at("timeout_action"), "ROLLBACK");
  ASSERT_EQ(s.at("warnings").size(), 1u);
  EXPECT_EQ(s.at("warnings")[0].at("kind"), "worst_exceeds_job_limit");
  EXPECT_EQ(s.at("warnings")[0].at("limit_minutes"), 360);
}

TEST(StrategyText, NoStrategyMemberForAPlainRollingService) {
  testing_support::ManualClock clock;
  RunRecord record(clock);
  engine::PlanReady plan;
  plan.strategy = engine::summarize_strategy(services::Service{}, {});
  record.on(plan);
  engine::OperationResult result;
  const auto j = nlohmann::json::parse(result_json(result, record));
  EXPECT_FALSE(j.contains("strategy"));
  EXPECT_EQ(step_summary_markdown(result, record).find("Deployment strategy"), std::string::npos);
}

}  // namespace
}  // namespace cli
