// deploy against the emulator process: every deploy path that the engine
// decides (success, preflight failures with zero writes, crash loop with logs, circuit breaker
// with and without ECS rollback, dry run).

#include "engine/deploy.h"

#include "component_fixture.h"

namespace component {
namespace {

class DeployComponent : public EmulatorTest {
 protected:
  engine::DeployOptions options() {
    engine::DeployOptions o;
    o.cluster = "demo";
    o.service = "web";
    o.container = "app";
    o.image_tag = "v1.2.0";
    o.desired_count = 2;
    o.expected_account = "123456789012";
    o.watch.timeout = std::chrono::minutes(2);
    return o;
  }
  engine::OperationResult run(const engine::DeployOptions& o) {
    auto c = clients();
    return engine::deploy(c, clock, reporter, o);
  }
};

TEST_F(DeployComponent, Succeeds) {
  start(demo_scenario());
  engine::OperationResult r = run(options());
  ASSERT_EQ(r.outcome, engine::Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.previous_task_definition, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
  EXPECT_EQ(r.task_definition, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3");
  EXPECT_EQ(mutating_requests(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
  EXPECT_TRUE(reporter.has<engine::RolloutProgress>());
  auto svc = ecs->describe_services("demo", {"web"});
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ(svc->services.at(0).task_definition, r.task_definition);
  EXPECT_EQ(svc->services.at(0).running, 2);
}

TEST_F(DeployComponent, PreflightFailuresChangeNothing) {
  start(demo_scenario());
  struct Row {
    std::string name;
    std::function<void(engine::DeployOptions&)> change;
    std::string expect;
  };
  const std::vector<Row> rows = {
      {"wrong cluster", [](auto& o) { o.cluster = "prod"; }, "cluster 'prod' not found"},
      {"wrong service", [](auto& o) { o.service = "api"; }, "services in that cluster: web"},
      {"wrong family", [](auto& o) { o.family = "worker"; }, "runs family 'web', not 'worker'"},
      {"missing container", [](auto& o) { o.container = "nginx"; }, "container 'nginx' not in"},
      {"missing ECR tag", [](auto& o) { o.image_tag = "v9.9.9"; }, "tag 'v9.9.9' not found in ECR"},
      {"wrong account", [](auto& o) { o.expected_account = "210987654321"; },
       "expected 210987654321"},
  };
  for (const auto& row : rows) {
    engine::DeployOptions o = options();
    row.change(o);
    engine::OperationResult r = run(o);
    EXPECT_EQ(r.outcome, engine::Outcome::PreflightFailed) << row.name << "\n" << reporter.dump();
    std::string problems;
    for (const auto& p : r.problems) {
      problems += p + "\n";
    }
    EXPECT_NE(problems.find(row.expect), std::string::npos) << row.name << ": " << problems;
  }
  EXPECT_TRUE(mutating_requests().empty());
}

TEST_F(DeployComponent, DryRunSendsZeroWrites) {
  start(demo_scenario());
  engine::DeployOptions o = options();
  o.dry_run = true;
  engine::OperationResult r = run(o);
  ASSERT_EQ(r.outcome, engine::Outcome::Succeeded) << reporter.dump();
  EXPECT_TRUE(mutating_requests().empty());
  auto plan = reporter.all<engine::PlanReady>();
  ASSERT_EQ(plan.size(), 1u);
  ASSERT_EQ(plan[0].diff.size(), 2u);  // the image and the ecsdeploy:image-tag tag
  EXPECT_EQ(plan[0].diff[0].path, "containerDefinitions[app].image");
}

TEST_F(DeployComponent, CrashLoopShowsStoppedReasonsAndLogs) {
  Json scenario = demo_scenario();
  // Without ECS's own rollback, so the crash loop is ours to detect and roll back.
  scenario["services"][0]["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"] =
      false;
  start(scenario);
  engine::DeployOptions o = options();
  o.image_tag = "v1.3.0-crash";
  engine::OperationResult r = run(o);
  ASSERT_EQ(r.outcome, engine::Outcome::RolloutFailed) << reporter.dump();
  auto evidence = reporter.all<engine::StoppedTaskEvidence>();
  ASSERT_FALSE(evidence.empty()) << reporter.dump();
  const auto& e = evidence.front();
  EXPECT_EQ(e.stop_code, "EssentialContainerExited");
  ASSERT_FALSE(e.containers.empty());
  EXPECT_EQ(e.containers[0].exit_code, 1);
  std::string tail;
  for (const auto& l : e.log_tail) {
    tail += l + "\n";
  }
  EXPECT_NE(tail.find("DATABASE_URL is not set"), std::string::npos) << tail << e.log_error;
  EXPECT_TRUE(r.rolled_back) << r.summary;
  EXPECT_EQ(r.running_task_definition, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
}

TEST_F(DeployComponent, CircuitBreakerWithEcsRollbackIsAFailure) {
  start(demo_scenario());  // breaker with rollback
  engine::DeployOptions o = options();
  o.image_tag = "v1.3.0-crash";
  o.watch.crash_loop_threshold = 0;  // let the circuit breaker decide
  engine::OperationResult r = run(o);
  ASSERT_EQ(r.outcome, engine::Outcome::RolloutFailed) << reporter.dump();
  EXPECT_TRUE(r.rolled_back) << r.summary;
  auto rb = reporter.all<engine::RollbackStarted>();
  ASSERT_EQ(rb.size(), 1u) << reporter.dump();
  EXPECT_EQ(rb[0].method, "ECS deployment circuit breaker rollback");
  // We did not roll back ourselves: ECS did.
  EXPECT_EQ(mutating_requests(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

TEST_F(DeployComponent, CircuitBreakerWithoutEcsRollbackIsRolledBackByUs) {
  Json scenario = demo_scenario();
  scenario["services"][0]["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"] =
      false;
  start(scenario);
  engine::DeployOptions o = options();
  o.image_tag = "v1.3.0-crash";
  o.watch.crash_loop_threshold = 0;
  engine::OperationResult r = run(o);
  ASSERT_EQ(r.outcome, engine::Outcome::RolloutFailed) << reporter.dump();
  EXPECT_NE(r.failure_reason.find("circuit breaker"), std::string::npos) << r.failure_reason;
  EXPECT_TRUE(r.rolled_back) << r.summary;
  auto writes = mutating_requests();
  ASSERT_EQ(writes.size(), 3u) << reporter.dump();
  EXPECT_TRUE(writes[2] == "StopServiceDeployment" || writes[2] == "UpdateService") << writes[2];
}

TEST_F(DeployComponent, TimeoutLeavesTheDeploymentRunning) {
  Json scenario = demo_scenario();
  scenario["images"]["v1.2.0"] = {{"behavior", "slowStart"}, {"startDelaySeconds", 600}};
  start(scenario);
  engine::DeployOptions o = options();
  o.watch.timeout = std::chrono::seconds(3);
  engine::OperationResult r = run(o);
  ASSERT_EQ(r.outcome, engine::Outcome::TimedOut) << reporter.dump();
  ASSERT_EQ(r.next.size(), 1u);
  EXPECT_EQ(r.next[0].step, engine::NextStep::FollowDeployment);
  EXPECT_EQ(mutating_requests(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

}  // namespace
}  // namespace component
