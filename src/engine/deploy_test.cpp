#include "engine/deploy.h"

#include <gtest/gtest.h>

#include "engine/image_swap.h"
#include "engine/testing/deploy_fixture.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class DeployTest : public testing_fixture::DeployFixture {
 protected:
  void SetUp() override {
    DeployFixture::SetUp();
    options.image_tag = "v2";
    options.desired_count = 2;
    options.metadata = {"abc123", "https://github.com/o/r/actions/runs/1", "alice"};
  }
};

TEST_F(DeployTest, SucceedsWhenTheServiceDeploymentIsSuccessful) {
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 3) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.previous_task_definition, aws.td_arn("web", 1));
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 2));
  EXPECT_EQ(r.image, aws.registry() + "/web:v2");
  EXPECT_TRUE(r.registered_new_revision);
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  // The registered revision carries the base's tags and the deploy metadata.
  const Json& tags = aws.td_tags[aws.td_arn("web", 2)];
  EXPECT_EQ(tags.dump(),
            R"([{"key":"team","value":"web"},{"key":"ecsdeploy:image-tag","value":"v2"},)"
            R"({"key":"ecsdeploy:git-sha","value":"abc123"},)"
            R"({"key":"ecsdeploy:run-url","value":"https://github.com/o/r/actions/runs/1"},)"
            R"({"key":"ecsdeploy:actor","value":"alice"}])");
  // The UpdateService call: new revision, desired count, force new deployment.
  for (const auto& req : aws.transport.requests()) {
    if (aws::find_header(req.headers, "X-Amz-Target").value_or("").ends_with("UpdateService")) {
      Json body = Json::parse(req.body);
      EXPECT_EQ(body["taskDefinition"], aws.td_arn("web", 2));
      EXPECT_EQ(body["desiredCount"], 2);
      EXPECT_EQ(body["forceNewDeployment"], true);
    }
  }
  auto finished = reporter.all<Finished>();
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].outcome, Outcome::Succeeded);
  EXPECT_TRUE(std::holds_alternative<Finished>(reporter.events().back()));
  // Never a fixed 15 s: every sleep is at most 10 s.
  for (auto s : clock.sleeps()) {
    EXPECT_LE(s.count(), 10000);
  }
}

TEST_F(DeployTest, DryRunSendsNoMutatingCall) {
  options.dry_run = true;
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
  auto plans = reporter.all<PlanReady>();
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_TRUE(plans[0].dry_run);
  EXPECT_EQ(plans[0].new_image, aws.registry() + "/web:v2");
  ASSERT_FALSE(plans[0].diff.empty());
  EXPECT_EQ(plans[0].diff[0].path, "containerDefinitions[app].image");
  EXPECT_EQ(reporter.all<Finished>().at(0).outcome, Outcome::Succeeded);
  EXPECT_TRUE(reporter.all<Finished>().at(0).dry_run);
}

TEST_F(DeployTest, PreflightReportsEveryProblemAndChangesNothing) {
  options.family = "api";         // the service runs "web"
  options.image_tag = "missing";  // not in ECR
  options.expected_account = "999999999999";
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());
  std::string all;
  for (const auto& p : r.problems) {
    all += p + "\n";
  }
  EXPECT_NE(all.find("account"), std::string::npos) << all;
  EXPECT_NE(all.find("runs family 'web', not 'api'"), std::string::npos) << all;
}

TEST_F(DeployTest, MissingServiceListsTheServicesInTheCluster) {
  options.service = "wbe";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(
      r.problems[0].find("service 'wbe' not found in cluster 'stg'; services in that cluster: web"),
      std::string::npos)
      << r.problems[0];
  EXPECT_TRUE(aws.mutating_calls().empty());
}

TEST_F(DeployTest, MissingImageTagAndContainer) {
  options.image_tag = "nope";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("tag 'nope' not found in ECR"), std::string::npos) << r.problems[0];

  options.image_tag = "v2";
  options.container = "worker";
  r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed);
  EXPECT_NE(r.problems.at(0).find("container 'worker' not in web:1; containers: app"),
            std::string::npos)
      << r.problems[0];
  EXPECT_TRUE(aws.mutating_calls().empty());
}

TEST_F(DeployTest, MissingClusterIsOneProblem) {
  options.cluster = "prod";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed);
  ASSERT_EQ(r.problems.size(), 1u) << reporter.dump();
  EXPECT_NE(r.problems[0].find("cluster 'prod' not found"), std::string::npos);
}

TEST_F(DeployTest, InProgressDeploymentFailsPreflight) {
  aws.service()["deployments"].push_back(
      FakeAws::deployment("ecs-svc/0", "ACTIVE", aws.td_arn("web", 1), 2, 1, "COMPLETED"));
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed);
  EXPECT_NE(r.problems.at(0).find("in progress"), std::string::npos);
}

TEST_F(DeployTest, InvalidTagIsInvalidInput) {
  options.image_tag = "-bad";
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::InvalidInput);
  EXPECT_TRUE(aws.transport.requests().empty());
}

TEST_F(DeployTest, SameImageReusesTheRevision) {
  options.image_tag = "v1";
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_FALSE(r.registered_new_revision);
  EXPECT_EQ(r.task_definition, aws.td_arn("web", 1));
  EXPECT_EQ(aws.mutating_calls(), (std::vector<std::string>{"UpdateService"}));
}

TEST_F(DeployTest, CrashLoopFailsWithEvidenceAndRollsBack) {
  aws.on_describe_services = [](FakeAws& f) {
    int look = f.looks_after_update();
    if (look >= 2 && look <= 4) {  // tasks t3, t4 and t5 die at the watch's looks 2 to 4
      f.crash_task("t" + std::to_string(look + 1), {"starting", "Error: DATABASE_URL is not set"});
    }
    if (f.service_deployments[f.service()["currentServiceDeployment"]]["status"] ==
        "ROLLBACK_REQUESTED") {
      // ECS performs the requested rollback: the old revision runs again.
      Json& s = f.service();
      s["deployments"] = Json::array(
          {FakeAws::deployment("ecs-svc/900", "PRIMARY", f.td_arn("web", 1), 2, 2, "COMPLETED")});
      s["taskDefinition"] = f.td_arn("web", 1);
      s["runningCount"] = 2;
      f.set_current_sd_status("web", "ROLLBACK_SUCCESSFUL");
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("crash loop"), std::string::npos) << r.failure_reason;
  auto evidence = reporter.all<StoppedTaskEvidence>();
  ASSERT_EQ(evidence.size(), 3u) << reporter.dump();
  EXPECT_EQ(evidence[0].stop_code, "EssentialContainerExited");
  EXPECT_EQ(evidence[0].containers.at(0).exit_code, 1);
  EXPECT_EQ(evidence[0].log_group, "/ecs/web");
  EXPECT_EQ(evidence[0].log_stream, "web/app/t3");
  EXPECT_EQ(evidence[0].log_tail,
            (std::vector<std::string>{"starting", "Error: DATABASE_URL is not set"}));
  auto rollback = reporter.all<RollbackStarted>();
  ASSERT_EQ(rollback.size(), 1u);
  EXPECT_EQ(rollback[0].method, "StopServiceDeployment(ROLLBACK)");
  EXPECT_EQ(rollback[0].to_task_definition, aws.td_arn("web", 1));
  EXPECT_TRUE(r.rolled_back);
  EXPECT_EQ(r.running_task_definition, aws.td_arn("web", 1));
  EXPECT_NE(r.summary.find("now running: web:1"), std::string::npos) << r.summary;
  const PhaseFinished last_phase = reporter.all<PhaseFinished>().back();
  EXPECT_EQ(last_phase.phase, "rollback");
  EXPECT_TRUE(last_phase.ok);
}

TEST_F(DeployTest, WaiterWouldSayStableButEcsRolledBack) {
  aws.supports_service_deployments = false;
  aws.services.clear();
  aws.revisions.clear();
  aws.standard_setup();
  aws.service()["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"] = true;
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 3) {
      // Circuit breaker tripped and ECS went back to revision 1: one deployment, 2/2 running.
      Json& s = f.service();
      s["deployments"] = Json::array(
          {FakeAws::deployment("ecs-svc/900", "PRIMARY", f.td_arn("web", 1), 2, 2, "COMPLETED")});
      s["taskDefinition"] = f.td_arn("web", 1);
      s["runningCount"] = 2;
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_TRUE(r.rolled_back);
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  auto rollback = reporter.all<RollbackStarted>();
  ASSERT_EQ(rollback.size(), 1u);
  EXPECT_EQ(rollback[0].method, "ECS deployment circuit breaker rollback");
}

TEST_F(DeployTest, CircuitBreakerWithoutEcsRollbackIsRolledBackWithUpdateService) {
  aws.supports_service_deployments = false;
  aws.services.clear();
  aws.revisions.clear();
  aws.standard_setup();
  aws.on_describe_services = [](FakeAws& f) {
    Json& p = f.primary();
    if (f.looks_after_update() == 3 && p["taskDefinition"] == f.td_arn("web", 2)) {
      p["rolloutState"] = "FAILED";
      p["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start.";
    }
    if (p["taskDefinition"] == f.td_arn("web", 1) && p["rolloutState"] == "IN_PROGRESS") {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_EQ(r.failure_reason, "ECS deployment circuit breaker: tasks failed to start.");
  // ECS's reason already ends the sentence: one full stop before "Before:".
  EXPECT_NE(r.summary.find("tasks failed to start. Before: web:1"), std::string::npos) << r.summary;
  EXPECT_EQ(r.summary.find(".."), std::string::npos) << r.summary;
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService", "UpdateService"}));
  EXPECT_TRUE(r.rolled_back);
  EXPECT_EQ(r.running_task_definition, aws.td_arn("web", 1));
}

TEST_F(DeployTest, NoRollbackOnFailureLeavesTheFailedDeployment) {
  options.rollback_on_failure = false;
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 3) {
      f.primary()["rolloutState"] = "FAILED";
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed);
  EXPECT_FALSE(r.rolled_back);
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  // No rollback ran, so no "rollback failed after 0s": the summary says why.
  for (const PhaseStarted& p : reporter.all<PhaseStarted>()) {
    EXPECT_NE(p.phase, "rollback") << reporter.dump();
  }
  EXPECT_TRUE(reporter.all<PhaseFinished>().back().phase != "rollback");
  EXPECT_NE(r.summary.find("rollback on failure is off"), std::string::npos) << r.summary;
  EXPECT_EQ(r.summary.find(".."), std::string::npos) << r.summary;
}

TEST_F(DeployTest, TimeoutIsExitFiveAndLeavesTheDeploymentRunning) {
  options.watch.timeout = std::chrono::minutes(2);
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::TimedOut) << reporter.dump();
  ASSERT_EQ(r.next.size(), 1u);
  EXPECT_EQ(r.next[0].step, NextStep::FollowDeployment);
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  // Nothing moved for two minutes: polling slowed down (at most one call per ~2 s on average).
  EXPECT_LE(aws.looks_after_update(), 120 / 2);
}

TEST_F(DeployTest, InterruptLeavesTheDeploymentRunning) {
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      util::request_interrupt();
    }
  };
  OperationResult r = run();
  util::reset_interrupt_for_tests();
  ASSERT_EQ(r.outcome, Outcome::Interrupted) << reporter.dump();
  ASSERT_EQ(r.next.size(), 1u);
  EXPECT_EQ(r.next[0].step, NextStep::FollowDeployment);
}

TEST_F(DeployTest, ThrottlingDuringTheWatchBacksOffAndStillSucceeds) {
  aws.on_describe_services = [](FakeAws& f) {
    // Look 3 is throttled (answered before any hook runs); look 6 sees the rollout done.
    int look = f.looks_after_update();
    if (look == 2) {
      f.error_once["DescribeServices"] = 400;
    }
    if (look == 6) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  bool backed_off = false;
  for (auto s : clock.sleeps()) {
    backed_off = backed_off || s.count() >= 4000;
  }
  EXPECT_TRUE(backed_off);
}

TEST_F(DeployTest, NoWaitReturnsAfterTheUpdate) {
  options.wait = false;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded);
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  EXPECT_EQ(aws.looks_after_update(), 0);  // not one look after the update
}

TEST_F(DeployTest, ReplacedDeploymentFails) {
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      Json& s = f.service();
      for (auto& d : s["deployments"]) {
        d["status"] = "ACTIVE";
      }
      s["deployments"].insert(
          s["deployments"].begin(),
          FakeAws::deployment("ecs-svc/777", "PRIMARY", f.td_arn("web", 1), 2, 0, "IN_PROGRESS"));
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("replaced"), std::string::npos) << r.failure_reason;
  EXPECT_FALSE(r.rolled_back);
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

}  // namespace
}  // namespace engine

namespace engine {
namespace {

class DeployRepositoryTest : public DeployTest {};

TEST_F(DeployRepositoryTest, ConfiguredRepositoryIsCheckedUpFront) {
  options.repository = "web";
  options.family = "web";
  options.dry_run = true;
  ASSERT_EQ(run().outcome, Outcome::Succeeded) << reporter.dump();
  // Everything in one round: STS, DescribeClusters, DescribeServices, DescribeTaskDefinition
  // and DescribeImages were all issued before any of them needed another's answer.
  EXPECT_EQ(aws.count("DescribeImages"), 1);

  options.repository = "other";
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::PreflightFailed);
  std::string all;
  for (const auto& p : r.problems) {
    all += p + "\n";
  }
  EXPECT_NE(all.find("pulls from ECR repository 'web', not the configured 'other'"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace engine

namespace engine {
namespace {

class DeployIdleTest : public DeployTest {};

TEST_F(DeployIdleTest, WaitForIdleWaitsOutTheDeploymentInProgress) {
  aws.service()["deployments"].push_back(
      FakeAws::deployment("ecs-svc/0", "ACTIVE", aws.td_arn("web", 1), 2, 1, "COMPLETED"));
  options.wait_for_idle = true;
  aws.on_describe_services = [this](FakeAws& f) {
    // The other deployment finishes once the wait has slept (so it did wait); ours at the
    // watch's third look.
    const int look = f.looks_after_update();
    if ((look == 0 && !clock.sleeps().empty()) || look == 3) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

TEST_F(DeployIdleTest, InProgressFailsPreflightUnlessSuperseding) {
  aws.service()["deployments"].push_back(
      FakeAws::deployment("ecs-svc/0", "ACTIVE", aws.td_arn("web", 1), 2, 1, "COMPLETED"));
  OperationResult blocked = run();
  ASSERT_EQ(blocked.outcome, Outcome::PreflightFailed) << reporter.dump();
  EXPECT_TRUE(aws.mutating_calls().empty());

  options.supersede = true;
  options.wait = false;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.mutating_calls(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

}  // namespace
}  // namespace engine
