// The watch loop's calls: stopped tasks are listed only when something can have stopped, and
// an interruption during a call is an interruption, not an error.

#include "engine/watch.h"

#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/evidence_groups.h"
#include "engine/testing/deploy_fixture.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class WatchTest : public testing_fixture::DeployFixture {
 protected:
  void SetUp() override {
    DeployFixture::SetUp();
    options.image_tag = "v2";
    options.desired_count = 2;
  }
};

TEST_F(WatchTest, ListsStoppedTasksOnlyWhenOurCountsMove) {
  aws.on_describe_services = [](FakeAws& f) {
    int look = f.looks_after_update();
    if (look == 3) {
      f.primary()["pendingCount"] = 2;  // tasks placed
    }
    if (look == 8) {
      f.primary()["pendingCount"] = 0;  // and running
      f.primary()["runningCount"] = 2;
    }
    if (look == 11) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.looks_after_update(), 11);  // the watch ended at the look that saw it done
  // Before: one ListTasks per poll (11). Now: one per change of our counts.
  EXPECT_EQ(aws.count_list_tasks("STOPPED"), 2);
  EXPECT_EQ(aws.count_list_tasks("RUNNING"), 1);             // the settle window, once
  EXPECT_TRUE(reporter.all<StoppedTaskEvidence>().empty());  // nothing stopped
}

TEST_F(WatchTest, AServiceEventAboutAStoppedTaskTriggersALook) {
  aws.on_describe_services = [](FakeAws& f) {
    int look = f.looks_after_update();
    if (look == 3) {
      f.add_event("(service web) has stopped 1 running tasks: (task t1).");
    }
    if (look == 6) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  // The event, then complete_rollout (running 0 -> 2).
  EXPECT_EQ(aws.count_list_tasks("STOPPED"), 2);
}

TEST_F(WatchTest, AFailureVerdictGetsOneLastLookForEvidence) {
  options.rollback_on_failure = false;
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 4) {
      // A task died without the counts showing it yet, and the circuit breaker tripped.
      f.crash_task("t9", {"panic: boom"});
      f.primary()["failedTasks"] = 0;
      f.primary()["rolloutState"] = "FAILED";
      f.primary()["rolloutStateReason"] = "circuit breaker tripped";
      f.set_current_sd_status("web", "FAILED");
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_EQ(aws.count("ListTasks"), 1);
  auto evidence = reporter.all<StoppedTaskEvidence>();
  ASSERT_EQ(evidence.size(), 1u) << reporter.dump();
  EXPECT_EQ(evidence[0].log_tail, (std::vector<std::string>{"panic: boom"}));
}

// Issue 13 item 6: the look that failed the rollout listed the stopped tasks, and one more
// task stopped right after that ListTasks; the report still carries its evidence.
TEST_F(WatchTest, AFailureRightAfterALookStillGetsOneLastLook) {
  options.rollback_on_failure = false;
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 4) {
      f.crash_task("t1", {"panic: one"});
      f.primary()["rolloutState"] = "FAILED";
      f.primary()["rolloutStateReason"] = "circuit breaker tripped";
      f.set_current_sd_status("web", "FAILED");
    }
  };
  bool second_stopped = false;
  aws.transport_error = [&](const std::string& op) -> std::optional<util::Error> {
    if (op == "DescribeTasks" && !second_stopped) {
      second_stopped = true;  // between this poll's ListTasks and the verdict
      aws.crash_task("t2", {"panic: two"});
    }
    return std::nullopt;
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  auto evidence = reporter.all<StoppedTaskEvidence>();
  ASSERT_EQ(evidence.size(), 2u) << reporter.dump();
  EXPECT_EQ(evidence[1].log_tail, (std::vector<std::string>{"panic: two"}));
}

TEST_F(WatchTest, AnUnknownRolloutStateIsNotASuccessAndTheTimeoutNamesIt) {
  options.watch.timeout = std::chrono::minutes(2);
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.complete_rollout();
      f.primary()["rolloutState"] = "WEIRD";
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::TimedOut) << reporter.dump();
  EXPECT_NE(r.summary.find("rolloutState 'WEIRD'"), std::string::npos) << r.summary;
  int warned = 0;
  for (const Message& m : reporter.all<Message>()) {
    warned += m.severity == Severity::Warning && m.text.find("'WEIRD'") != std::string::npos;
  }
  EXPECT_EQ(warned, 2) << reporter.dump();  // when first seen, and at the timeout
}

TEST(NextFetches, Table) {
  const std::string td = "arn:aws:ecs:us-east-1:1:task-definition/web:8";
  auto deployment = [&](std::string id, std::string status, int desired, int running,
                        std::string rollout) {
    services::Deployment d;
    d.id = std::move(id);
    d.status = std::move(status);
    d.task_definition = td;
    d.desired = desired;
    d.running = running;
    d.rollout_state = std::move(rollout);
    return d;
  };
  auto service = [](std::vector<services::Deployment> ds, int desired, int running, int pending) {
    services::Service s;
    s.status = "ACTIVE";
    s.desired = desired;
    s.running = running;
    s.pending = pending;
    s.deployments = std::move(ds);
    return s;
  };
  const auto ours_rolling = deployment("ecs-svc/2", "PRIMARY", 2, 1, "IN_PROGRESS");
  const auto ours_done = deployment("ecs-svc/2", "PRIMARY", 2, 2, "IN_PROGRESS");
  const auto old = deployment("ecs-svc/1", "ACTIVE", 2, 1, "COMPLETED");
  struct Row {
    std::string name;
    services::Service snapshot;
    bool service_deployment_known;
    NextFetches expected;
  };
  const std::vector<Row> rows = {
      {"rolling out", service({ours_rolling, old}, 2, 2, 0), true, {true, false}},
      {"counts done", service({ours_done}, 2, 2, 0), true, {true, true}},
      {"counts done but a task pending", service({ours_done}, 2, 2, 1), true, {true, false}},
      {"counts done, no service deployment", service({ours_done}, 2, 2, 0), false, {true, false}},
      {"rollout FAILED",
       service({deployment("ecs-svc/2", "PRIMARY", 2, 0, "FAILED"), old}, 2, 1, 0),
       true,
       {true, true}},
      {"rollout COMPLETED, old tasks draining",
       service({deployment("ecs-svc/2", "PRIMARY", 2, 2, "COMPLETED"), old}, 2, 3, 0),
       true,
       {true, true}},
      {"ours gone", service({old}, 2, 1, 0), true, {false, true}},
      {"ours gone, no service deployment", service({old}, 2, 1, 0), false, {false, false}},
  };
  for (const Row& row : rows) {
    RolloutTarget target{td, "ecs-svc/2", row.service_deployment_known ? "arn:sd/2" : "", ""};
    NextFetches got = next_fetches(row.snapshot, target);
    EXPECT_EQ(got.stopped_tasks, row.expected.stopped_tasks) << row.name;
    EXPECT_EQ(got.service_deployment, row.expected.service_deployment) << row.name;
  }
}

// Two tasks that died the same way and whose log fetch failed the same way are one group: the
// request id of the failed fetch is not evidence.
TEST_F(WatchTest, AFailedLogFetchDoesNotSplitAGroup) {
  options.rollback_on_failure = false;
  aws.on_describe_services = [](FakeAws& f) {
    int look = f.looks_after_update();
    if (look == 2) {
      f.crash_task("t1", {});
      f.crash_task("t2", {});
      f.log_lines.clear();  // the streams are gone: GetLogEvents fails for both
    }
    if (look == 3) {
      f.crash_task("t3", {});
      f.log_lines.clear();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  auto evidence = reporter.all<StoppedTaskEvidence>();
  ASSERT_EQ(evidence.size(), 3u) << reporter.dump();
  EXPECT_NE(evidence[0].log_error.find("ResourceNotFoundException"), std::string::npos);
  EXPECT_EQ(group_evidence(evidence).size(), 1u)
      << evidence[0].log_error << " vs " << evidence[1].log_error;
}

// A task that never started has no log stream: the evidence says so and nothing is fetched.
TEST_F(WatchTest, ATaskThatNeverStartedIsNotAskedForLogs) {
  options.rollback_on_failure = false;
  options.watch.crash_loop_threshold = 1;
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.crash_task("t1", {});
      f.stopped_tasks.back()["stopCode"] = "TaskFailedToStart";
      f.stopped_tasks.back()["stoppedReason"] =
          "ResourceInitializationError: unable to pull secrets or registry auth";
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  auto evidence = reporter.all<StoppedTaskEvidence>();
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(evidence[0].log_error, "the task never started, so it wrote no log lines");
  EXPECT_EQ(aws.count("GetLogEvents"), 0);
}

TEST_F(WatchTest, CtrlCDuringACallIsInterruptedNotAnError) {
  aws.transport_error = [this](const std::string& op) -> std::optional<util::Error> {
    if (op == "DescribeServices" && aws.looks_after_update() >= 3) {  // from the 3rd look on
      return util::make_error(util::ErrorKind::Cancelled, "interrupted");
    }
    return std::nullopt;
  };
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Interrupted) << reporter.dump();
  EXPECT_FALSE(r.error.has_value());
  EXPECT_NE(r.summary.find("the deployment continues"), std::string::npos) << r.summary;
}

TEST_F(WatchTest, CtrlCDuringTheStoppedTaskLookIsInterruptedToo) {
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.primary()["pendingCount"] = 2;
    }
  };
  aws.transport_error = [](const std::string& op) -> std::optional<util::Error> {
    if (op == "ListTasks") {
      return util::make_error(util::ErrorKind::Cancelled, "interrupted");
    }
    return std::nullopt;
  };
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Interrupted) << reporter.dump();
}

// The seed's second failure: tasks run, ECS completes the rollout, then a task dies (the
// database is unreachable). That is a failure, found while the settle window runs.
TEST_F(WatchTest, ATaskThatDiesInTheSettleWindowFailsTheRollout) {
  options.rollback_on_failure = false;
  aws.running_started_at = 1'700'000'000;  // the new tasks start as the test's clock does
  aws.on_describe_services = [](FakeAws& f) {
    int look = f.looks_after_update();
    if (look == 2) {
      f.complete_rollout();
    }
    if (look == 5) {
      f.crash_task("t7", {"Error: connect ECONNREFUSED 10.0.3.7:5432"});
      f.primary()["runningCount"] = 1;
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_EQ(reporter.all<Settling>().size(), 1u) << reporter.dump();
  EXPECT_EQ(reporter.all<Settling>().at(0).window, std::chrono::seconds(60));
  ASSERT_EQ(reporter.all<StoppedTaskEvidence>().size(), 1u) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("1 task of web:2 stopped after ECS called the rollout done"),
            std::string::npos)
      << r.failure_reason;
}

TEST_F(WatchTest, TasksThatRanTheWindowAlreadySucceedAtOnce) {
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.complete_rollout();  // the fake's tasks started long before the test's clock
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(reporter.all<Settling>().empty());
  EXPECT_EQ(aws.looks_after_update(), 2);  // no poll is spent waiting
  EXPECT_NE(r.summary.find("every task ran 1m00s"), std::string::npos) << r.summary;
}

TEST_F(WatchTest, YoungTasksAreWatchedUntilTheyRanTheWindow) {
  aws.running_started_at = 1'700'000'000;
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(reporter.all<Settling>().size(), 1u);
  // Success only once the test's clock passed start + 60 s.
  EXPECT_GE(clock.now(), util::SystemTime{std::chrono::seconds{1'700'000'060}});
  EXPECT_EQ(aws.count_list_tasks("RUNNING"), 2);  // at the start and at the end of the window
}

TEST_F(WatchTest, SettleZeroSkipsTheWindow) {
  aws.running_started_at = 1'700'000'000;
  options.watch.settle = std::chrono::seconds(0);
  aws.on_describe_services = [](FakeAws& f) {
    if (f.looks_after_update() == 2) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.count_list_tasks("RUNNING"), 0);
  EXPECT_NE(r.summary.find("no settle window"), std::string::npos) << r.summary;
}

// One crashed task below the crash-loop threshold, then ECS completes: still a failure.
TEST_F(WatchTest, ACompletedRolloutWithACrashedTaskIsAFailure) {
  options.rollback_on_failure = false;
  aws.on_describe_services = [](FakeAws& f) {
    int look = f.looks_after_update();
    if (look == 2) {
      f.crash_task("t1", {"panic: once"});
    }
    if (look == 4) {
      f.complete_rollout();
    }
  };
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("stopped with a failure during the rollout"), std::string::npos)
      << r.failure_reason;
}

TEST(Converging, TableOfDeployments) {
  auto dep = [](std::string id, int desired, int pending, int running, std::string state) {
    services::Deployment d;
    d.id = std::move(id);
    d.desired = desired;
    d.pending = pending;
    d.running = running;
    d.rollout_state = std::move(state);
    return d;
  };
  services::Service s;
  s.deployments = {dep("new", 2, 2, 0, "IN_PROGRESS")};
  EXPECT_TRUE(converging(s, s.deployments[0]));  // pending
  s.deployments = {dep("new", 2, 0, 1, "COMPLETED")};
  EXPECT_TRUE(converging(s, s.deployments[0]));  // running < desired
  s.deployments = {dep("new", 2, 0, 2, "COMPLETED"), dep("old", 2, 0, 1, "COMPLETED")};
  EXPECT_TRUE(converging(s, s.deployments[0]));  // old tasks draining
  s.deployments = {dep("new", 2, 0, 2, "IN_PROGRESS")};
  EXPECT_TRUE(converging(s, s.deployments[0]));  // ECS has not called it done
  s.deployments = {dep("new", 2, 0, 2, "COMPLETED"), dep("old", 0, 0, 0, "COMPLETED")};
  EXPECT_FALSE(converging(s, s.deployments[0]));
}

}  // namespace
}  // namespace engine
