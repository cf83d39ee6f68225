#include "engine/status_stopped.h"

#include <gtest/gtest.h>

#include "engine/status.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class StatusStoppedTest : public ::testing::Test {
 protected:
  void SetUp() override { aws.standard_setup(); }
  // crash_task() with a stoppedAt (seconds) and exit code.
  void crash(const std::string& id, long stopped_at, int exit_code = 1) {
    aws.crash_task(id, {"boot " + id, "fatal: " + id});
    aws.stopped_tasks.back()["stoppedAt"] = stopped_at;
    aws.stopped_tasks.back()["containers"][0]["exitCode"] = exit_code;
  }
  StoppedTasksSection run(int limit, int log_lines = 20) {
    auto clients = aws.clients();
    return recent_stopped_tasks(clients, "stg", "web", limit, log_lines);
  }
  void deny(const std::string& operation) {
    aws.transport_error = [operation](const std::string& op) -> std::optional<util::Error> {
      if (op != operation) {
        return std::nullopt;
      }
      return util::make_error(util::ErrorKind::AccessDenied, "not authorized to perform it",
                              "AccessDeniedException");
    };
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
};

TEST_F(StatusStoppedTest, GroupsIdenticalStopsWithTheNewestTasksLogTail) {
  crash("t1", 1700000010);
  crash("t2", 1700000030);
  crash("t3", 1700000020);
  crash("t4", 1700000040, 4);
  auto s = run(5);
  EXPECT_TRUE(s.warnings.empty());
  EXPECT_EQ(s.examined, 4);
  ASSERT_EQ(s.groups.size(), 2u);
  EXPECT_EQ(s.groups[0].count, 1);
  EXPECT_EQ(s.groups[0].sample.containers.at(0).exit_code, 4);
  EXPECT_EQ(s.groups[1].count, 3);
  EXPECT_EQ(s.groups[1].sample.task_definition_arn, aws.td_arn("web", 1));
  EXPECT_EQ(s.groups[1].sample.stopped_reason, "Essential container in task exited");
  EXPECT_EQ(s.groups[1].sample.log_stream, "web/app/t2");  // the group's newest task
  EXPECT_EQ(s.groups[1].sample.log_tail, (std::vector<std::string>{"boot t2", "fatal: t2"}));
  EXPECT_EQ(aws.count("GetLogEvents"), 2);  // one per group, not per task
}

TEST_F(StatusStoppedTest, LimitKeepsTheNewestAndZeroMakesNoCall) {
  crash("old", 1700000010, 2);
  crash("new", 1700000050);
  crash("mid", 1700000030, 3);
  auto s = run(2);
  EXPECT_EQ(s.examined, 2);
  ASSERT_EQ(s.groups.size(), 2u);
  EXPECT_EQ(s.groups[0].sample.log_stream, "web/app/new");
  EXPECT_EQ(s.groups[1].sample.log_stream, "web/app/mid");

  int before = aws.count("ListTasks") + aws.count("DescribeTasks");
  auto none = run(0);
  EXPECT_TRUE(none.groups.empty());
  EXPECT_EQ(aws.count("ListTasks") + aws.count("DescribeTasks"), before);
}

TEST_F(StatusStoppedTest, DescribesInBatchesOfOneHundred) {
  for (int i = 0; i < 150; ++i) {
    crash("t" + std::to_string(i), 1700000000 + i);
  }
  auto s = run(5);
  EXPECT_EQ(aws.count("DescribeTasks"), 2);
  EXPECT_EQ(s.examined, 5);
  ASSERT_EQ(s.groups.size(), 1u);
  EXPECT_EQ(s.groups[0].sample.log_stream, "web/app/t149");
}

// A rollback's scale-in stops more tasks after the crashes; the crashes still make the cut.
TEST_F(StatusStoppedTest, FailuresComeBeforeNewerScaledInTasksAndOnlyTheyGetLogs) {
  crash("crashed", 1700000010);
  for (int i = 0; i < 3; ++i) {
    crash("scaled" + std::to_string(i), 1700000100 + i, 0);
    aws.stopped_tasks.back()["stopCode"] = "ServiceSchedulerInitiated";
    aws.stopped_tasks.back()["stoppedReason"] = "Scaling activity initiated by (deployment 1)";
  }
  auto s = run(2);
  ASSERT_EQ(s.groups.size(), 2u);
  EXPECT_TRUE(s.groups[0].failure);
  EXPECT_EQ(s.groups[0].count, 1);
  EXPECT_EQ(s.groups[0].sample.log_tail.size(), 2u);
  EXPECT_FALSE(s.groups[1].failure);
  EXPECT_EQ(s.groups[1].count, 1);
  EXPECT_EQ(s.groups[1].sample.log_stream, "");
  EXPECT_EQ(aws.count("GetLogEvents"), 1);
}

TEST_F(StatusStoppedTest, TasksStillStoppingAreLeftOut) {
  crash("t1", 1700000010);
  aws.stopped_tasks.back()["lastStatus"] = "DEACTIVATING";
  auto s = run(5);
  EXPECT_TRUE(s.groups.empty());
  EXPECT_TRUE(s.warnings.empty());
}

TEST_F(StatusStoppedTest, DeniedListTasksIsAWarningNamingThePermission) {
  crash("t1", 1700000010);
  deny("ListTasks");
  auto s = run(5);
  EXPECT_TRUE(s.groups.empty());
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("ecs:ListTasks"), std::string::npos) << s.warnings[0];
  EXPECT_NE(s.warnings[0].find("denied"), std::string::npos) << s.warnings[0];
}

TEST_F(StatusStoppedTest, DeniedGetLogEventsWarnsOnceAndKeepsTheGroups) {
  crash("t1", 1700000010, 1);
  crash("t2", 1700000020, 2);
  deny("GetLogEvents");
  auto s = run(5);
  ASSERT_EQ(s.groups.size(), 2u);
  ASSERT_EQ(s.warnings.size(), 1u);
  EXPECT_NE(s.warnings[0].find("logs:GetLogEvents denied"), std::string::npos) << s.warnings[0];
  EXPECT_EQ(aws.count("GetLogEvents"), 1);
  EXPECT_EQ(s.groups[0].sample.log_group, "/ecs/web");  // where to look is still shown
  EXPECT_TRUE(s.groups[0].sample.log_tail.empty());
  EXPECT_FALSE(s.groups[0].sample.log_error.empty());
}

TEST_F(StatusStoppedTest, StatusCarriesTheSection) {
  crash("t1", 1700000010);
  auto clients = aws.clients();
  StatusOptions o{"stg", "web", 10};
  auto r = status(clients, o);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->stopped_tasks.limit, 5);
  ASSERT_EQ(r->stopped_tasks.groups.size(), 1u);
  EXPECT_EQ(r->stopped_tasks.groups[0].sample.log_tail.size(), 2u);

  deny("ListTasks");
  r = status(clients, o);
  ASSERT_TRUE(r.ok()) << r.error().describe();  // a warning, not a failed status
  EXPECT_EQ(r->stopped_tasks.warnings.size(), 1u);
}

}  // namespace
}  // namespace engine
