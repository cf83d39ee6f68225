// State's task indexes (live tasks per service, next lifecycle step, STOPPED expiry) must match
// `tasks` after every path that changes or erases a task; check_indexes() compares them
// without dereferencing an indexed pointer, so a dangling entry is reported, not crashed on.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace emulator::testing {
namespace {

std::string index_problem(Harness& h) {
  State& st = h.emulator().state();
  std::lock_guard<std::mutex> lock(st.mutex());
  return st.check_indexes();
}

std::size_t stored_tasks(Harness& h) {
  State& st = h.emulator().state();
  std::lock_guard<std::mutex> lock(st.mutex());
  return st.tasks.size();
}

Json task_arns(Harness& h, const std::string& desired) {
  return h.call("ListTasks", {{"cluster", "demo"}, {"desiredStatus", desired}})["taskArns"];
}

// Every task the cluster still knows, described in ARN order.
Json all_tasks(Harness& h) {
  Json arns = task_arns(h, "RUNNING");
  for (const auto& a : task_arns(h, "STOPPED")) {
    arns.push_back(a);
  }
  Json out = Json::array();
  for (std::size_t i = 0; i < arns.size(); i += 100) {
    Json batch(arns.begin() + static_cast<long>(i),
               arns.begin() + static_cast<long>(std::min(arns.size(), i + 100)));
    Json described = h.call("DescribeTasks", {{"cluster", "demo"}, {"tasks", batch}});
    for (const auto& t : described["tasks"]) {
      out.push_back(t);
    }
  }
  return out;
}

TEST(TaskIndex, CheckerReportsATaskErasedBehindStatesBack) {
  Harness h;
  ASSERT_EQ(index_problem(h), "");
  State& st = h.emulator().state();
  {
    std::lock_guard<std::mutex> lock(st.mutex());
    st.tasks.erase(st.tasks.begin());  // not through State: its index entries now dangle
  }
  EXPECT_NE(index_problem(h).find("holds an erased task"), std::string::npos) << index_problem(h);
}

TEST(TaskIndex, StoppedTasksAreForgottenOnTheQuietPath) {
  Harness h;  // steady: every advance below takes the no-scheduler path once it is quiet again
  Json running = task_arns(h, "RUNNING");
  ASSERT_EQ(running.size(), 2u);
  h.call("StopTask", {{"cluster", "demo"}, {"task", running[0]}});
  ASSERT_EQ(h.status(), 200);
  EXPECT_EQ(index_problem(h), "");
  for (int i = 0; i < 120; ++i) {  // the replacement starts, the service is steady again
    h.advance(1);
    ASSERT_EQ(index_problem(h), "") << "after " << i + 1 << " s";
  }
  EXPECT_EQ(h.service()["runningCount"], 2);
  EXPECT_EQ(stored_tasks(h), 3u);
  h.advance(3700);  // one quiet jump past the retention: the stopped task is erased
  EXPECT_EQ(index_problem(h), "");
  EXPECT_EQ(stored_tasks(h), 2u);
  Json d = h.call("DescribeTasks", {{"cluster", "demo"}, {"tasks", {running[0]}}});
  EXPECT_EQ(d["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(h.service()["runningCount"], 2);
}

TEST(TaskIndex, TaskStoppedBeforeItStartedIsIndexedAsStopped) {
  Harness h;
  h.deploy("v2");
  h.advance(1);  // the scheduler launches v2 tasks: PROVISIONING
  Json pending = h.call("ListTasks", {{"cluster", "demo"}, {"desiredStatus", "PENDING"}});
  ASSERT_FALSE(pending["taskArns"].empty());
  h.call("StopTask", {{"cluster", "demo"}, {"task", pending["taskArns"][0]}});
  EXPECT_EQ(index_problem(h), "");  // STOPPED at once, by an action, between scheduler steps
  for (int i = 0; i < 7200; i += 30) {
    h.advance(30);
    ASSERT_EQ(index_problem(h), "") << "after " << i + 30 << " s";
  }
  EXPECT_EQ(stored_tasks(h), 2u);  // every stopped task forgotten, the v2 pair runs
}

TEST(TaskIndex, CrashLoopForgetsTasksOnTheSchedulerPath) {
  Harness h(base_scenario(2, 100, 200, /*breaker=*/false, /*rollback=*/false));
  h.deploy("crash");  // fails for ever: the scheduler runs on every step
  Json early_stopped;
  for (int i = 0; i < 3 * 3600; i += 60) {
    h.advance(60);
    ASSERT_EQ(index_problem(h), "") << "after " << i + 60 << " s";
    if (i + 60 == 1800) {
      early_stopped = task_arns(h, "STOPPED");
    }
  }
  ASSERT_FALSE(early_stopped.empty());
  Json svc = h.service();
  ASSERT_EQ(svc["deployments"].size(), 2u);
  EXPECT_EQ(svc["deployments"][1]["runningCount"], 2);  // the old deployment keeps serving
  // Tasks that stopped more than an hour ago are gone; the rest stopped within the hour.
  Json d = h.call("DescribeTasks", {{"cluster", "demo"}, {"tasks", {early_stopped[0]}}});
  EXPECT_EQ(d["failures"][0]["reason"], "MISSING");
  double now = 0;
  {
    State& st = h.emulator().state();
    std::lock_guard<std::mutex> lock(st.mutex());
    now = st.now();
  }
  std::size_t stopped = 0;
  for (const auto& t : all_tasks(h)) {
    if (t.contains("stoppedAt")) {
      ++stopped;
      EXPECT_GE(t["stoppedAt"].get<double>(), now - 3600 - 0.01) << t["taskArn"];
    }
  }
  EXPECT_GT(stopped, 10u);
}

// When every service is quiet the simulation jumps to the next task transition. That jump
// must see tasks launched earlier in the same advance: one long advance and many one-second
// advances give the same tasks, with the same timestamps.
TEST(TaskIndex, OneLongAdvanceMatchesOneSecondSteps) {
  Json scenario = base_scenario(2, 100, 200, /*breaker=*/false, /*rollback=*/false);
  // Counted healthy (10 s grace) long before the crash: the service goes quiet in between.
  scenario["images"]["crash"]["crashAfterSeconds"] = 60;
  Harness once(scenario);
  Harness stepped(scenario);
  once.deploy("crash");
  stepped.deploy("crash");
  once.advance(150);
  for (int i = 0; i < 150; ++i) {
    stepped.advance(1);
  }
  // The premise: the crash deployment looked complete (quiet) before its tasks crashed.
  Json svc = stepped.service();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(svc["deployments"][0]["failedTasks"], 2);
  Json a = all_tasks(once);
  Json b = all_tasks(stepped);
  EXPECT_EQ(a.size(), 6u);  // 2 v1 stopped by the deployment, 2 crashed, 2 relaunched
  EXPECT_EQ(a, b);
  EXPECT_EQ(index_problem(once), "");
}

}  // namespace
}  // namespace emulator::testing
