// Rollout paths of the scheduler, driven on a frozen virtual clock.
#include <gtest/gtest.h>

#include "core/deployments.h"
#include "tests/harness.h"

namespace emulator::testing {
namespace {

int live_tasks(Harness& h) {
  return static_cast<int>(
      h.call("ListTasks", {{"cluster", "demo"}, {"serviceName", "web"}})["taskArns"].size());
}

// Steps the clock one second at a time until the primary deployment leaves IN_PROGRESS and
// only one deployment is left (or the limit passes); tracks the task count window.
struct Watch {
  int max_live = 0;
  int min_running = 1 << 30;
  double seconds = 0;
};

Watch run_until_settled(Harness& h, double limit = 1800) {
  Watch w;
  for (; w.seconds < limit; w.seconds += 1) {
    h.advance(1);
    Json svc = h.service();
    w.max_live = std::max(w.max_live, live_tasks(h));
    w.min_running = std::min(w.min_running, svc["runningCount"].get<int>());
    const Json& primary = svc["deployments"][0];
    if (svc["deployments"].size() == 1 && primary["rolloutState"] != "IN_PROGRESS") {
      break;
    }
  }
  return w;
}

Json latest_service_deployment(Harness& h) {
  Json list = h.call("ListServiceDeployments", {{"cluster", "demo"}, {"service", "web"}});
  std::string arn = list["serviceDeployments"][0]["serviceDeploymentArn"];
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

TEST(Rollout, SucceedsWithMin100Max200) {
  Harness h(base_scenario(2, 100, 200));
  std::string arn = h.deploy("v2");
  Watch w = run_until_settled(h);
  Json svc = h.service();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(svc["deployments"][0]["taskDefinition"], arn);
  EXPECT_EQ(svc["runningCount"], 2);
  EXPECT_LE(w.max_live, 4);     // maximumPercent 200
  EXPECT_GE(w.min_running, 2);  // minimumHealthyPercent 100
  EXPECT_TRUE(has_event(svc, "(service web) has reached a steady state."));
  EXPECT_TRUE(has_event(svc, "(service web) has started 2 tasks: (task "));
  EXPECT_EQ(latest_service_deployment(h)["status"], "SUCCESSFUL");
  EXPECT_LT(w.seconds, 120);  // realistic: about a minute of virtual time
}

TEST(Rollout, SucceedsWithMin50Max100InWaves) {
  Harness h(base_scenario(4, 50, 100));
  h.deploy("v2");
  Watch w = run_until_settled(h);
  Json svc = h.service();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(svc["runningCount"], 4);
  EXPECT_LE(w.max_live, 4);  // never above 100 %
  EXPECT_GE(w.min_running, 2);
  // Two waves of starts, not one.
  int start_events = 0;
  for (const auto& e : svc["events"]) {
    start_events += e["message"].get<std::string>().find("has started") != std::string::npos;
  }
  EXPECT_GE(start_events, 2);
}

TEST(Rollout, ScaleToZeroAndBackKeepsTheDeployment) {
  Harness h;
  std::string id = h.service()["deployments"][0]["id"];
  h.call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", 0}});
  h.advance(60);
  Json svc = h.service();
  EXPECT_EQ(svc["runningCount"], 0);
  EXPECT_EQ(svc["desiredCount"], 0);
  EXPECT_EQ(svc["deployments"].size(), 1u);
  EXPECT_EQ(svc["deployments"][0]["id"], id);
  EXPECT_EQ(svc["events"][0]["message"], "(service web) has reached a steady state.");
  h.call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", 3}});
  h.advance(90);
  svc = h.service();
  EXPECT_EQ(svc["runningCount"], 3);
  EXPECT_EQ(svc["deployments"][0]["id"], id);
  EXPECT_EQ(svc["events"][0]["message"], "(service web) has reached a steady state.");
}

TEST(Rollout, CircuitBreakerWithoutRollbackFails) {
  Harness h(base_scenario(2, 100, 200, true, false));
  std::string old_td = h.service()["taskDefinition"];
  std::string arn = h.deploy("crash");
  run_until_settled(h, 600);
  h.advance(60);
  Json svc = h.service();
  const Json& primary = svc["deployments"][0];
  EXPECT_EQ(primary["taskDefinition"], arn);
  EXPECT_EQ(primary["rolloutState"], "FAILED");
  EXPECT_EQ(primary["rolloutStateReason"],
            "ECS deployment circuit breaker: tasks failed to start.");
  EXPECT_GE(primary["failedTasks"].get<int>(), 3);  // threshold clamp(0.5*2, 3, 200) = 3
  // The old tasks keep serving.
  ASSERT_EQ(svc["deployments"].size(), 2u);
  EXPECT_EQ(svc["deployments"][1]["taskDefinition"], old_td);
  EXPECT_EQ(svc["deployments"][1]["runningCount"], 2);
  Json sd = latest_service_deployment(h);
  EXPECT_EQ(sd["status"], "STOPPED");
  EXPECT_EQ(sd["deploymentCircuitBreaker"]["status"], "TRIGGERED");
  EXPECT_EQ(sd["deploymentCircuitBreaker"]["threshold"], 3);
}

TEST(Rollout, CircuitBreakerRollsBack) {
  Harness h;
  std::string old_td = h.service()["taskDefinition"];
  h.deploy("crash");
  run_until_settled(h, 900);
  Json svc = h.service();
  EXPECT_EQ(svc["taskDefinition"], old_td);
  ASSERT_EQ(svc["deployments"].size(), 1u);
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(svc["runningCount"], 2);
  Json sd = latest_service_deployment(h);
  EXPECT_EQ(sd["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(sd["rollback"]["reason"], "Circuit Breaker was triggered");
  EXPECT_TRUE(has_event(svc, "deployment failed: tasks failed to start."));
}

TEST(Rollout, CrashLoopLeavesExitCodesAndLogs) {
  Harness h(base_scenario(2, 100, 200, false, false));
  h.deploy("crash");
  h.advance(300);
  Json list = h.call("ListTasks",
                     {{"cluster", "demo"}, {"serviceName", "web"}, {"desiredStatus", "STOPPED"}});
  ASSERT_GE(list["taskArns"].size(), 4u);  // without a breaker it keeps relaunching
  Json tasks = h.call("DescribeTasks", {{"cluster", "demo"}, {"tasks", list["taskArns"]}});
  int crashed = 0;
  std::string crashed_id;
  for (const auto& t : tasks["tasks"]) {
    if (t.value("stopCode", "") == "EssentialContainerExited") {
      ++crashed;
      EXPECT_EQ(t["stoppedReason"], "Essential container in task exited");
      EXPECT_EQ(t["containers"][0]["exitCode"], 3);
      std::string arn = t["taskArn"];
      crashed_id = arn.substr(arn.rfind('/') + 1);
    }
  }
  EXPECT_GE(crashed, 3);
  Json logs = h.call("GetLogEvents",
                     {{"logGroupName", "/ecs/web"},
                      {"logStreamName", "web/app/" + crashed_id},
                      {"startFromHead", true}},
                     "logs");
  ASSERT_EQ(h.status(), 200) << logs.dump();
  ASSERT_EQ(logs["events"].size(), 2u);
  EXPECT_EQ(logs["events"][1]["message"], "fatal: DATABASE_URL missing");
  Json svc = h.service();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "IN_PROGRESS");
  EXPECT_GE(svc["deployments"][0]["failedTasks"].get<int>(), 3);
}

TEST(Rollout, MissingTagFailsToPull) {
  Harness h;
  h.deploy("v404");
  h.advance(40);
  Json list = h.call("ListTasks",
                     {{"cluster", "demo"}, {"serviceName", "web"}, {"desiredStatus", "STOPPED"}});
  ASSERT_FALSE(list["taskArns"].empty());
  Json t = h.call("DescribeTasks", {{"cluster", "demo"}, {"tasks", list["taskArns"]}})["tasks"][0];
  EXPECT_EQ(t["lastStatus"], "STOPPED");
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  EXPECT_EQ(t["stoppedReason"].get<std::string>().rfind("CannotPullContainerError:", 0), 0u);
  EXPECT_NE(t["stoppedReason"].get<std::string>().find("web:v404"), std::string::npos);
}

TEST(Rollout, MissingSecretIsResourceInitializationError) {
  Harness h;
  h.deploy("nosecret");
  h.advance(40);
  Json list = h.call("ListTasks",
                     {{"cluster", "demo"}, {"serviceName", "web"}, {"desiredStatus", "STOPPED"}});
  ASSERT_FALSE(list["taskArns"].empty());
  Json t = h.call("DescribeTasks", {{"cluster", "demo"}, {"tasks", list["taskArns"]}})["tasks"][0];
  EXPECT_EQ(t["stopCode"], "TaskFailedToStart");
  EXPECT_EQ(t["stoppedReason"].get<std::string>().rfind("ResourceInitializationError:", 0), 0u);
}

TEST(Rollout, FailingHealthCheckCountsAsFailure) {
  Harness h(base_scenario(2, 100, 200, true, false));
  h.deploy("sick");
  h.advance(600);
  Json svc = h.service();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "FAILED");
}

TEST(Rollout, StopServiceDeploymentRollsBack) {
  Harness h;
  std::string old_td = h.service()["taskDefinition"];
  h.deploy("slow");
  h.advance(30);
  Json sd = latest_service_deployment(h);
  ASSERT_EQ(sd["status"], "IN_PROGRESS");
  Json out = h.call("StopServiceDeployment", {{"serviceDeploymentArn", sd["serviceDeploymentArn"]},
                                              {"stopType", "ROLLBACK"}});
  ASSERT_EQ(h.status(), 200) << out.dump();
  EXPECT_EQ(latest_service_deployment(h)["status"], "ROLLBACK_REQUESTED");
  h.advance(1);
  EXPECT_EQ(latest_service_deployment(h)["status"], "ROLLBACK_IN_PROGRESS");
  run_until_settled(h, 600);
  sd = latest_service_deployment(h);
  EXPECT_EQ(sd["status"], "ROLLBACK_SUCCESSFUL");
  EXPECT_EQ(h.service()["taskDefinition"], old_td);
  // A finished deployment cannot be stopped again.
  h.call("StopServiceDeployment", {{"serviceDeploymentArn", sd["serviceDeploymentArn"]}});
  EXPECT_EQ(h.status(), 400);
}

TEST(Rollout, CircuitBreakerThresholdFormula) {
  Json classic = {{"deploymentCircuitBreaker", {{"enable", true}, {"rollback", true}}}};
  EXPECT_EQ(circuit_breaker_threshold(classic, 1), 3);
  EXPECT_EQ(circuit_breaker_threshold(classic, 10), 5);
  EXPECT_EQ(circuit_breaker_threshold(classic, 11), 6);
  EXPECT_EQ(circuit_breaker_threshold(classic, 1000), 200);
  Json count = classic;
  count["deploymentCircuitBreaker"]["thresholdConfiguration"] = {{"type", "COUNT"}, {"value", 7}};
  EXPECT_EQ(circuit_breaker_threshold(count, 2), 7);
}

}  // namespace
}  // namespace emulator::testing
