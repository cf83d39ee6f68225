#include "engine/scale_drain.h"

#include "engine/scale_test_fixture.h"

namespace engine {
namespace {

using fake::Json;

// A task ECS is stopping: desiredStatus STOPPED, lastStatus not STOPPED yet. DescribeServices'
// runningCount already leaves it out.
Json stopping_task(const std::string& id, const std::string& last_status) {
  return {{"taskArn", "arn:aws:ecs:us-east-1:123456789012:task/stg/" + id},
          {"lastStatus", last_status},
          {"desiredStatus", "STOPPED"},
          {"containers", Json::array()}};
}

class ScaleDrainTest : public ScaleTestBase {
 protected:
  // The stopping task reaches STOPPED after `describes` DescribeTasks calls.
  void stop_after(int describes) {
    aws.stopped_tasks.push_back(stopping_task("t1", "DEACTIVATING"));
    aws.transport_error = [this, describes](const std::string& op) -> std::optional<util::Error> {
      if (op == "DescribeTasks" && ++m_describes >= describes) {
        aws.stopped_tasks[0]["lastStatus"] = "STOPPED";
      }
      return std::nullopt;
    };
  }
  int m_describes = 0;
};

TEST(ScaleDrain, CountsTasksNotYetStopped) {
  auto task = [](std::string status) {
    services::Task t;
    t.last_status = std::move(status);
    return t;
  };
  EXPECT_EQ(tasks_still_stopping({}), 0);
  EXPECT_EQ(tasks_still_stopping({task("STOPPED"), task("STOPPED")}), 0);
  EXPECT_EQ(tasks_still_stopping(
                {task("DEACTIVATING"), task("STOPPING"), task("DEPROVISIONING"), task("STOPPED")}),
            3);
}

TEST_F(ScaleDrainTest, ScaleToZeroWaitsUntilStoppingTasksHaveStopped) {
  stop_after(3);
  options.desired_count = 0;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.service()["runningCount"], 0);
  EXPECT_GE(aws.count("DescribeTasks"), 3);
  EXPECT_EQ(messages(Severity::Info, "1 task(s) of web still stopping").size(), 1u)
      << reporter.dump();
}

TEST_F(ScaleDrainTest, ScaleToZeroTimesOutWhileATaskIsStillStopping) {
  stop_after(1000000);
  options.desired_count = 0;
  options.timeout = std::chrono::seconds(60);
  OperationResult r = run();
  EXPECT_EQ(r.outcome, Outcome::TimedOut) << reporter.dump();
}

TEST_F(ScaleDrainTest, ScaleToAnotherCountDoesNotLookAtStoppedTasks) {
  stop_after(1000000);
  options.desired_count = 3;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.count_described("t1"), 0);  // the stopping task is not waited for
}

TEST_F(ScaleDrainTest, AlreadyStoppedTasksDoNotHoldTheWait) {
  aws.stopped_tasks.push_back(stopping_task("old", "STOPPED"));
  options.desired_count = 0;
  OperationResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(aws.count("DescribeTasks"), 1);
}

}  // namespace
}  // namespace engine
