// The blue/green family walked on a frozen virtual clock: stage order, weights, bake, pauses,
// Lambda hooks, alarms and the rollback paths.
#include <gtest/gtest.h>

#include "core/strategy.h"
#include "tests/harness.h"

namespace emulator::testing {
namespace {

const char* k_lambda = "arn:aws:lambda:us-east-1:123456789012:function:check";

Json bg_scenario(Json config) {
  Json s = base_scenario(2);
  Json& cfg = s["services"][0]["deploymentConfiguration"];
  for (auto it = config.begin(); it != config.end(); ++it) {
    cfg[it.key()] = it.value();
  }
  s["services"][0]["loadBalancers"] = {
      {{"targetGroupArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1"},
       {"containerName", "app"},
       {"containerPort", 80},
       {"advancedConfiguration",
        {{"alternateTargetGroupArn",
          "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2"},
         {"productionListenerRule",
          "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/x/1/2/3"},
         {"roleArn", "arn:aws:iam::123456789012:role/ecs-lb"}}}}};
  return s;
}

Json current_sd(Harness& h) {
  std::string arn = h.service()["currentServiceDeployment"];
  return h.call("DescribeServiceDeployments",
                {{"serviceDeploymentArns", {arn}}})["serviceDeployments"][0];
}

bool has_event(const Json& svc, const std::string& needle) {
  for (const auto& e : svc["events"]) {
    if (e["message"].get<std::string>().find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool terminal(const std::string& status) {
  return status == "SUCCESSFUL" || status == "STOPPED" || status == "ROLLBACK_SUCCESSFUL" ||
         status == "ROLLBACK_FAILED";
}

// Steps one second at a time; records each new stage; stops at a terminal status or when
// `until` says so.
struct Walk {
  std::vector<std::string> stages;
  Json last;
  double seconds = 0;
};

template <typename Stop>
Walk walk(Harness& h, double limit, Stop stop) {
  Walk w;
  for (; w.seconds < limit; w.seconds += 1) {
    h.advance(1);
    w.last = current_sd(h);
    std::string stage = w.last.value("lifecycleStage", "");
    if (w.stages.empty() || w.stages.back() != stage) {
      w.stages.push_back(stage);
    }
    if (terminal(w.last["status"]) || stop(w.last)) {
      break;
    }
  }
  return w;
}

Walk walk_to_end(Harness& h, double limit = 7200) {
  return walk(h, limit, [](const Json&) { return false; });
}

TEST(Strategy, BlueGreenWalksEveryStageBakesWithBothAndAlternatesTargetGroups) {
  Harness h(bg_scenario({{"strategy", "BLUE_GREEN"}, {"bakeTimeInMinutes", 5}}));
  h.deploy("v2");
  bool both_full_in_bake = false;
  Walk w = walk(h, 7200, [&](const Json& sd) {
    if (sd["lifecycleStage"] == "BAKE_TIME") {
      Json svc = h.service();
      both_full_in_bake =
          svc["deployments"].size() == 2 && svc["runningCount"] == 4 &&
          sd["targetServiceRevision"]["requestedProductionTrafficWeight"] == 100.0 &&
          sd["sourceServiceRevisions"][0]["requestedProductionTrafficWeight"] == 0.0;
      if (both_full_in_bake) {
        EXPECT_EQ(svc["deployments"][0]["status"], "PRIMARY");
        EXPECT_EQ(svc["deployments"][1]["status"], "ACTIVE");
      }
    }
    return false;
  });
  std::vector<std::string> expected = {"PRE_SCALE_UP",
                                       "SCALE_UP",
                                       "POST_SCALE_UP",
                                       "TEST_TRAFFIC_SHIFT",
                                       "POST_TEST_TRAFFIC_SHIFT",
                                       "PRODUCTION_TRAFFIC_SHIFT",
                                       "POST_PRODUCTION_TRAFFIC_SHIFT",
                                       "BAKE_TIME",
                                       "CLEAN_UP"};
  EXPECT_EQ(w.stages, expected);
  EXPECT_EQ(w.last["status"], "SUCCESSFUL");
  EXPECT_TRUE(both_full_in_bake);
  EXPECT_GE(w.seconds, 300);  // the bake
  Json svc = h.service();
  EXPECT_EQ(svc["deployments"].size(), 1u);
  EXPECT_EQ(svc["runningCount"], 2);
  EXPECT_EQ(svc["loadBalancers"][0]["targetGroupArn"],
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2");
  EXPECT_EQ(svc["loadBalancers"][0]["advancedConfiguration"]["alternateTargetGroupArn"],
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1");
  Json rev = h.call("DescribeServiceRevisions",
                    {{"serviceRevisionArns", {w.last["targetServiceRevision"]["arn"]}}});
  EXPECT_EQ(
      rev["serviceRevisions"][0]["resolvedConfiguration"]["loadBalancers"][0]["targetGroupArn"],
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2");
}

TEST(Strategy, LinearPausesAtEveryStepWithAFreshHookId) {
  Harness h(bg_scenario(
      {{"strategy", "LINEAR"},
       {"bakeTimeInMinutes", 0},
       {"linearConfiguration", {{"stepPercent", 50.0}, {"stepBakeTimeInMinutes", 1}}},
       {"lifecycleHooks",
        {{{"targetType", "PAUSE"}, {"lifecycleStages", {"PRE_PRODUCTION_TRAFFIC_SHIFT"}}}}}}));
  h.deploy("v2");
  std::vector<std::string> hook_ids;
  std::vector<double> weights;
  for (int pause = 0; pause < 2; ++pause) {
    Walk w = walk(h, 3600, [](const Json& sd) {
      for (const auto& hk : sd["lifecycleHookDetails"]) {
        if (hk["status"] == "AWAITING_ACTION") {
          return true;
        }
      }
      return false;
    });
    ASSERT_EQ(w.last["status"], "IN_PROGRESS");
    EXPECT_EQ(w.last["lifecycleStage"], "PRODUCTION_TRAFFIC_SHIFT");
    const Json& hook = w.last["lifecycleHookDetails"].back();
    EXPECT_EQ(hook["targetType"], "PAUSE");
    EXPECT_EQ(hook["timeoutAction"], "ROLLBACK");
    EXPECT_FALSE(hook.contains("targetArn"));
    hook_ids.push_back(hook["hookId"]);
    weights.push_back(w.last["targetServiceRevision"]["requestedProductionTrafficWeight"]);
    h.advance(60);  // still paused: nothing moves without a decision
    EXPECT_EQ(current_sd(h)["lifecycleHookDetails"].back()["status"], "AWAITING_ACTION");
    h.call("ContinueServiceDeployment",
           {{"serviceDeploymentArn", w.last["serviceDeploymentArn"]}, {"hookId", hook_ids.back()}});
    EXPECT_EQ(h.status(), 200);
  }
  EXPECT_NE(hook_ids[0], hook_ids[1]);
  EXPECT_EQ(weights, (std::vector<double>{0.0, 50.0}));
  Walk end = walk_to_end(h);
  EXPECT_EQ(end.last["status"], "SUCCESSFUL");
  // A hook that no longer awaits action, and a finished deployment, are refused.
  h.call("ContinueServiceDeployment",
         {{"serviceDeploymentArn", end.last["serviceDeploymentArn"]}, {"hookId", hook_ids[0]}});
  EXPECT_EQ(h.status(), 400);
}

TEST(Strategy, PauseTimeoutRollsBackAndTrafficReturnsToBlue) {
  Harness h(bg_scenario(
      {{"strategy", "BLUE_GREEN"},
       {"bakeTimeInMinutes", 10},
       {"lifecycleHooks",
        {{{"targetType", "PAUSE"},
          {"lifecycleStages", {"POST_PRODUCTION_TRAFFIC_SHIFT"}},
          {"timeoutConfiguration", {{"timeoutInMinutes", 2}, {"action", "ROLLBACK"}}}}}}}));
  std::string old_td = h.service()["taskDefinition"];
  h.deploy("v2");
  Walk w = walk_to_end(h);
  EXPECT_EQ(w.last["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(w.last["lifecycleHookDetails"][0]["status"], "TIMED_OUT");
  EXPECT_NE(w.last["rollback"]["reason"].get<std::string>().find("timed out"), std::string::npos);
  EXPECT_EQ(w.last["targetServiceRevision"]["requestedProductionTrafficWeight"], 0.0);
  h.advance(2);  // the failed deployment leaves the list on the step after the rollback ends
  Json svc = h.service();
  EXPECT_EQ(svc["taskDefinition"], old_td);
  EXPECT_EQ(svc["runningCount"], 2);
  EXPECT_EQ(svc["deployments"].size(), 1u);
}

TEST(Strategy, LambdaHookInProgressIsCalledAgainThenFailureRollsBack) {
  Json s = bg_scenario(
      {{"strategy", "CANARY"},
       {"bakeTimeInMinutes", 1},
       {"canaryConfiguration", {{"canaryPercent", 10.0}, {"canaryBakeTimeInMinutes", 1}}},
       {"lifecycleHooks",
        {{{"hookTargetArn", k_lambda},
          {"roleArn", "arn:aws:iam::123456789012:role/hooks"},
          {"lifecycleStages", {"POST_TEST_TRAFFIC_SHIFT"}}}}}});
  s["lambdaHooks"] = {
      {k_lambda,
       {{{"hookStatus", "IN_PROGRESS"}, {"callBackDelay", 20}}, {{"hookStatus", "FAILED"}}}}};
  Harness h(s);
  h.deploy("v2");
  Walk w = walk_to_end(h);
  EXPECT_EQ(w.last["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(w.last["lifecycleHookDetails"][0]["status"], "FAILED");
  EXPECT_EQ(w.last["lifecycleHookDetails"][0]["targetArn"], k_lambda);
  EXPECT_NE(w.last["rollback"]["reason"].get<std::string>().find("hook execution failure"),
            std::string::npos);
  // No production traffic ever moved.
  EXPECT_EQ(std::count(w.stages.begin(), w.stages.end(), "PRODUCTION_TRAFFIC_SHIFT"), 0);
}

TEST(Strategy, AlarmFiredByTheNewImageRollsBackNamingItAndIgnoresAnOldAlarm) {
  Json s = bg_scenario(
      {{"strategy", "BLUE_GREEN"},
       {"bakeTimeInMinutes", 30},
       {"alarms",
        {{"alarmNames", {"web-5xx", "old-noise"}}, {"enable", true}, {"rollback", true}}}});
  s["alarms"] = {{{"name", "web-5xx"}, {"script", {{{"whenImageRuns", ":v2"}}}}},
                 {{"name", "old-noise"}, {"state", "ALARM"}}};
  Harness h(s);
  h.deploy("v2");
  Walk w = walk_to_end(h);
  EXPECT_EQ(w.last["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(w.last["alarms"]["status"], "TRIGGERED");
  EXPECT_EQ(w.last["alarms"]["triggeredAlarmNames"], Json::array({"web-5xx"}));
  EXPECT_NE(w.last["rollback"]["reason"].get<std::string>().find("web-5xx"), std::string::npos);
}

TEST(Strategy, RollingWatchesAlarmsAndAScriptFiresAtAVirtualTime) {
  Json s = base_scenario(2);
  s["services"][0]["deploymentConfiguration"]["alarms"] = {
      {"alarmNames", {"latency"}}, {"enable", true}, {"rollback", true}};
  s["images"]["slow"]["startDelaySeconds"] = 120;  // keeps the rollout in flight
  s["alarms"] = {{{"name", "latency"}, {"script", {{{"atSeconds", 30}}}}}};
  Harness h(s);
  h.deploy("slow");
  Walk w = walk_to_end(h, 1800);
  EXPECT_EQ(w.last["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(w.last["alarms"]["triggeredAlarmNames"], Json::array({"latency"}));
  EXPECT_EQ(w.stages.front(), "SCALE_UP");  // rolling keeps its stages
  EXPECT_FALSE(w.last["targetServiceRevision"].contains("requestedProductionTrafficWeight"));
  EXPECT_TRUE(has_event(h.service(), "deployment failed: alarm detected."));
}

TEST(Strategy, StopRollbackOfAPausedDeployment) {
  Harness h(bg_scenario(
      {{"strategy", "BLUE_GREEN"},
       {"bakeTimeInMinutes", 0},
       {"lifecycleHooks", {{{"targetType", "PAUSE"}, {"lifecycleStages", {"POST_SCALE_UP"}}}}}}));
  h.deploy("v2");
  Walk w = walk(h, 600, [](const Json& sd) {
    return !sd["lifecycleHookDetails"].empty() &&
           sd["lifecycleHookDetails"][0]["status"] == "AWAITING_ACTION";
  });
  ASSERT_EQ(w.last["lifecycleStage"], "POST_SCALE_UP");
  h.call("StopServiceDeployment",
         {{"serviceDeploymentArn", w.last["serviceDeploymentArn"]}, {"stopType", "ROLLBACK"}});
  EXPECT_EQ(h.status(), 200);
  Walk end = walk_to_end(h);
  EXPECT_EQ(end.last["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(h.service()["runningCount"], 2);
}

TEST(Strategy, ValidationRefusesWhatAwsRefuses) {
  Harness h;
  auto update = [&](const Json& cfg) {
    h.call("UpdateService",
           {{"cluster", "demo"}, {"service", "web"}, {"deploymentConfiguration", cfg}});
    return h.status();
  };
  EXPECT_EQ(update({{"strategy", "BLUE_GREEN"}}), 400);  // bake required
  EXPECT_EQ(update({{"strategy", "LINEAR"}, {"linearConfiguration", {{"stepPercent", 2.0}}}}), 400);
  EXPECT_EQ(update({{"strategy", "LINEAR"}, {"linearConfiguration", {{"stepPercent", 10.05}}}}),
            400);
  EXPECT_EQ(update({{"strategy", "CANARY"}, {"linearConfiguration", {{"stepPercent", 10.0}}}}),
            400);
  EXPECT_EQ(update({{"strategy", "BLUE_GREEN"}, {"bakeTimeInMinutes", 1441}}), 400);
  EXPECT_EQ(update({{"strategy", "BLUE_GREEN"},
                    {"bakeTimeInMinutes", 5},
                    {"lifecycleHooks",
                     {{{"targetType", "PAUSE"}, {"lifecycleStages", {"TEST_TRAFFIC_SHIFT"}}}}}}),
            400);
  EXPECT_EQ(update({{"strategy", "BLUE_GREEN"},
                    {"bakeTimeInMinutes", 5},
                    {"lifecycleHooks",
                     {{{"hookTargetArn", k_lambda}, {"lifecycleStages", {"BAKE_TIME"}}}}}}),
            400);
  EXPECT_EQ(update({{"strategy", "CANARY"}, {"canaryConfiguration", {{"canaryPercent", 0.1}}}}),
            200);
}

TEST(Strategy, PlanStepsPerStrategy) {
  auto stages = [](const Json& cfg) {
    int prod = 0;
    for (const Step& s : plan_steps(cfg, false)) {
      prod += s.kind == StepKind::ProductionShift ? 1 : 0;
    }
    return prod;
  };
  EXPECT_EQ(stages({{"strategy", "BLUE_GREEN"}}), 1);
  EXPECT_EQ(stages({{"strategy", "CANARY"}}), 2);
  EXPECT_EQ(stages({{"strategy", "LINEAR"}, {"linearConfiguration", {{"stepPercent", 33.3}}}}), 4);
  EXPECT_EQ(
      production_steps({{"strategy", "LINEAR"}, {"linearConfiguration", {{"stepPercent", 33.3}}}}),
      (std::vector<double>{33.3, 66.6, 99.9, 100.0}));
  EXPECT_EQ(plan_steps({{"strategy", "BLUE_GREEN"}}, true).front().stage, "RECONCILE_SERVICE");
}

}  // namespace
}  // namespace emulator::testing
