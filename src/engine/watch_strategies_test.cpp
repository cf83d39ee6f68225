// The watch on services deployed with ECS lifecycle stages (BLUE_GREEN here; LINEAR and CANARY
// only change the stages' contents, see stage_watch_test.cpp): a virtual 24 h bake costs a few
// hundred calls and still ends within a second of ECS's verdict, --wait-until stops at a
// pause or a stage, and ECS's rollback is followed to its end and named by its cause.

#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/testing/deploy_fixture.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// A blue/green deployment driven by the test's clock: stages every 10 s from the update, then
// BAKE_TIME for `bake`, CLEAN_UP for 20 s, SUCCESSFUL. `pause`: a PAUSE hook awaits action at
// POST_TEST_TRAFFIC_SHIFT until `resume` (from the update). `alarm_at`: the alarm fires then,
// ECS rolls back for 90 s and ends ROLLBACK_SUCCESSFUL.
struct BlueGreen {
  std::chrono::seconds bake = hours(24);
  bool pause = false;
  std::chrono::seconds resume{0};
  std::optional<std::chrono::seconds> alarm_at;
  std::optional<util::SystemTime> updated;   // when UpdateService was seen
  std::optional<util::SystemTime> finished;  // when ECS reached a terminal status

  void apply(FakeAws& f, util::SystemTime now) {
    if (f.count("UpdateService") == 0) {
      return;  // the preflight's look
    }
    if (!updated) {
      updated = now;
    }
    Json& svc = f.service();
    Json& sd = f.service_deployments[svc["currentServiceDeployment"].get<std::string>()];
    const auto t = std::chrono::duration_cast<seconds>(now - *updated);
    static const char* early[] = {"PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
                                  "POST_TEST_TRAFFIC_SHIFT"};
    sd["targetServiceRevision"]["requestedTaskCount"] = 2;
    sd["targetServiceRevision"]["runningTaskCount"] = t >= seconds(20) ? 2 : 0;
    f.primary()["runningCount"] = t >= seconds(20) ? 2 : 0;
    sd["alarms"] = {{"status", "MONITORING"}, {"alarmNames", {"web-5xx"}}};
    if (alarm_at && t >= *alarm_at) {
      sd["alarms"]["status"] = "TRIGGERED";
      sd["alarms"]["triggeredAlarmNames"] = {"web-5xx"};
      sd["rollback"] = {{"reason", "CloudWatch alarm(s) web-5xx in ALARM state"}};
      const bool done = t >= *alarm_at + seconds(90);
      sd["status"] = done ? "ROLLBACK_SUCCESSFUL" : "ROLLBACK_IN_PROGRESS";
      if (done) {
        if (!finished) {
          finished = now;
        }
        Json old = svc["deployments"].back();
        old["status"] = "PRIMARY";
        svc["deployments"] = Json::array({old});
        svc["taskDefinition"] = old["taskDefinition"];
        svc["runningCount"] = 2;
      }
      return;
    }
    const auto paused_until = pause ? resume : seconds(0);
    auto at = [&](seconds from) {
      return t >= from + (from > seconds(40) ? paused_until : seconds(0));
    };
    std::string stage = early[std::min<long>(t.count() / 10, 4)];
    if (pause && t >= seconds(40)) {
      sd["lifecycleHookDetails"] = {
          {{"hookId", "h-1"},
           {"targetType", "PAUSE"},
           {"status", t >= resume ? "SUCCEEDED" : "AWAITING_ACTION"},
           {"expiresAt",
            std::chrono::duration_cast<seconds>((*updated + hours(24)).time_since_epoch()).count()},
           {"timeoutAction", "ROLLBACK"}}};
    }
    if (at(seconds(50))) {
      stage = "PRODUCTION_TRAFFIC_SHIFT";
      sd["targetServiceRevision"]["requestedProductionTrafficWeight"] = 100.0;
    }
    if (at(seconds(60))) {
      stage = "BAKE_TIME";
    }
    if (at(seconds(60) + bake)) {
      stage = "CLEAN_UP";
      Json ours = f.primary();
      svc["deployments"] = Json::array({ours});
      svc["runningCount"] = 2;
    }
    if (at(seconds(80) + bake)) {
      sd["status"] = "SUCCESSFUL";
      f.primary()["rolloutState"] = "COMPLETED";
      if (!finished) {
        finished = now;
      }
    }
    sd["lifecycleStage"] = stage;
  }
};

class WatchStrategiesTest : public testing_fixture::DeployFixture {
 protected:
  void SetUp() override {
    DeployFixture::SetUp();
    options.image_tag = "v2";
    options.desired_count = 2;
    options.watch.timeout = hours(30);
    Json& svc = aws.service();
    svc["deploymentConfiguration"]["strategy"] = "BLUE_GREEN";
    svc["deploymentConfiguration"]["bakeTimeInMinutes"] = 1440;
    aws.on_describe_services = [this](FakeAws& f) { bg.apply(f, clock.now()); };
    aws.on_describe_service_deployments = [this](FakeAws& f) { bg.apply(f, clock.now()); };
  }
  // Old and new both run at full size while blue/green bakes: the fake keeps the old
  // deployment's tasks until CLEAN_UP.
  BlueGreen bg;
};

TEST_F(WatchStrategiesTest, ADayLongBakeCostsAFewHundredCallsAndEndsWithinASecond) {
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  ASSERT_TRUE(bg.finished.has_value());
  const int calls = aws.count("DescribeServices") + aws.count("DescribeServiceDeployments");
  EXPECT_LT(calls, 500) << "DescribeServices " << aws.count("DescribeServices")
                        << ", DescribeServiceDeployments "
                        << aws.count("DescribeServiceDeployments");
  EXPECT_GT(calls, 50);  // it did look during the day
  // Exit within a second of ECS's verdict (plus the one look that confirms the counts).
  EXPECT_LE(clock.now() - *bg.finished, seconds(2));
  // The stages were shown as they came.
  std::vector<std::string> stages;
  for (const auto& p : reporter.all<ServiceDeploymentProgress>()) {
    if (stages.empty() || stages.back() != p.stage) {
      stages.push_back(p.stage);
    }
  }
  EXPECT_EQ(stages.front(), "PRE_SCALE_UP");
  EXPECT_NE(std::find(stages.begin(), stages.end(), "BAKE_TIME"), stages.end());
  EXPECT_EQ(stages.back(), "CLEAN_UP");
  ASSERT_TRUE(r.stages.has_value());
  EXPECT_EQ(r.stages->status, "SUCCESSFUL");
  EXPECT_EQ(r.stages->strategy, "BLUE_GREEN");
}

TEST_F(WatchStrategiesTest, WaitUntilPausedStopsAtTheHookWithoutRollingBack) {
  bg.pause = true;
  bg.resume = hours(100);
  options.watch.wait_until = {WaitUntil::Kind::Paused, ""};
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Paused) << reporter.dump();
  EXPECT_EQ(aws.count("StopServiceDeployment"), 0);
  EXPECT_NE(r.summary.find("paused at POST_TEST_TRAFFIC_SHIFT"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("h-1"), std::string::npos) << r.summary;
  ASSERT_EQ(r.next.size(), 2u);
  EXPECT_EQ(r.next[0].step, NextStep::ContinueDeployment);
  EXPECT_EQ(r.next[1].step, NextStep::RejectDeployment);
}

TEST_F(WatchStrategiesTest, WaitingThroughAPauseLooksAtLeastEveryTwoMinutes) {
  bg.pause = true;
  bg.resume = hours(2);
  bg.bake = minutes(5);
  aws.service()["deploymentConfiguration"]["bakeTimeInMinutes"] = 5;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  for (size_t i = 0; i < clock.sleeps().size(); ++i) {
    EXPECT_LE(clock.sleeps()[i], minutes(2))
        << "sleep " << i << " of " << clock.sleeps().size() << "\n"
        << reporter.dump();
  }
  EXPECT_LT(aws.count("DescribeServiceDeployments"), 200);
}

TEST_F(WatchStrategiesTest, WaitUntilAStageEndsOnceItIsReached) {
  options.watch.wait_until = {WaitUntil::Kind::Stage, "BAKE_TIME"};
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::ReachedStage) << reporter.dump();
  ASSERT_TRUE(r.stages.has_value());
  EXPECT_EQ(r.stages->stage, "BAKE_TIME");
  EXPECT_LT(clock.now() - *bg.updated, minutes(2));  // not a day later
  EXPECT_NE(r.summary.find("reached BAKE_TIME"), std::string::npos) << r.summary;
}

TEST_F(WatchStrategiesTest, EcsRollbackIsFollowedToItsEndAndNamedByItsCause) {
  bg.alarm_at = minutes(5);
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  ASSERT_TRUE(bg.finished.has_value());
  // The verdict waited for ROLLBACK_SUCCESSFUL (90 s after the alarm), not the first sight.
  EXPECT_GE(clock.now(), *bg.finished);
  EXPECT_NE(r.failure_reason.find("ROLLBACK_SUCCESSFUL"), std::string::npos) << r.failure_reason;
  EXPECT_NE(r.failure_reason.find("alarm web-5xx in ALARM"), std::string::npos) << r.failure_reason;
  EXPECT_EQ(aws.count("StopServiceDeployment"), 0);  // ECS rolled back; nothing to stop
  EXPECT_EQ(aws.mutating_calls().size(), 2u);        // register + update only
}

TEST_F(WatchStrategiesTest, UpdateSendsOnlyTheRevisionCountAndForce) {
  options.watch.wait_until = {WaitUntil::Kind::Stage, "SCALE_UP"};
  run();
  auto updates = aws.inputs_of("UpdateService");
  ASSERT_EQ(updates.size(), 1u);
  for (auto& [key, value] : updates[0].items()) {
    EXPECT_TRUE(key == "cluster" || key == "service" || key == "taskDefinition" ||
                key == "desiredCount" || key == "forceNewDeployment")
        << key;
  }
}

}  // namespace
}  // namespace engine
