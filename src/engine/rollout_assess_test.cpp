#include "engine/rollout_assess.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

const std::string k_old = "arn:aws:ecs:us-east-1:1:task-definition/web:7";
const std::string k_new = "arn:aws:ecs:us-east-1:1:task-definition/web:8";

services::Deployment dep(std::string id, std::string status, std::string td, int desired,
                         int running, std::string rollout, int pending = 0) {
  services::Deployment d;
  d.id = std::move(id);
  d.status = std::move(status);
  d.task_definition = std::move(td);
  d.desired = desired;
  d.running = running;
  d.pending = pending;
  d.rollout_state = std::move(rollout);
  return d;
}

services::Service svc(std::vector<services::Deployment> deployments, int desired, int running,
                      int pending = 0) {
  services::Service s;
  s.status = "ACTIVE";
  s.desired = desired;
  s.running = running;
  s.pending = pending;
  s.deployments = std::move(deployments);
  return s;
}

services::ServiceDeployment sd(std::string status) {
  services::ServiceDeployment d;
  d.arn = "arn:sd/1";
  d.status = std::move(status);
  return d;
}

struct Row {
  std::string name;
  RolloutSnapshot snapshot;
  bool with_service_deployments;
  VerdictKind expected;
  bool by_ecs = false;
  bool replaced = false;
};

TEST(AssessRollout, Table) {
  const auto ours_done = dep("ecs-svc/2", "PRIMARY", k_new, 2, 2, "COMPLETED");
  const auto ours_rolling = dep("ecs-svc/2", "PRIMARY", k_new, 2, 1, "IN_PROGRESS", 1);
  const auto old_active = dep("ecs-svc/1", "ACTIVE", k_old, 2, 2, "COMPLETED");
  auto failed_ours = dep("ecs-svc/2", "ACTIVE", k_new, 2, 0, "FAILED");
  failed_ours.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.";
  const auto rollback_primary = dep("ecs-svc/3", "PRIMARY", k_old, 2, 2, "COMPLETED");
  const auto other_primary = dep(
      "ecs-svc/9", "PRIMARY", "arn:aws:ecs:us-east-1:1:task-definition/web:9", 2, 0, "IN_PROGRESS");

  std::vector<Row> rows = {
      {"in progress, two deployments",
       {svc({ours_rolling, old_active}, 2, 3, 1)},
       false,
       VerdictKind::InProgress},
      {"completed without service deployments",
       {svc({ours_done}, 2, 2)},
       false,
       VerdictKind::Succeeded},
      {"completed but running below desired",
       {svc({ours_done}, 2, 1)},
       false,
       VerdictKind::InProgress},
      {"completed, old deployment still draining",
       {svc({ours_done, old_active}, 2, 4)},
       false,
       VerdictKind::InProgress},
      {"no rolloutState (older API): waiter rule",
       {svc({dep("ecs-svc/2", "PRIMARY", k_new, 2, 2, "")}, 2, 2)},
       false,
       VerdictKind::Succeeded},
      {"service deployment SUCCESSFUL and counts done",
       {svc({ours_done}, 2, 2), sd("SUCCESSFUL")},
       true,
       VerdictKind::Succeeded},
      {"service deployment IN_PROGRESS though counts look done",
       {svc({ours_done}, 2, 2), sd("IN_PROGRESS")},
       true,
       VerdictKind::InProgress},
      {"service deployment not fetched yet",
       {svc({ours_done}, 2, 2)},
       true,
       VerdictKind::InProgress},
      {"circuit breaker FAILED, no ECS rollback",
       {svc({dep("ecs-svc/2", "PRIMARY", k_new, 2, 0, "FAILED")}, 2, 0)},
       false,
       VerdictKind::Failed},
      {"circuit breaker FAILED and ECS rolling back",
       {svc({rollback_primary, failed_ours}, 2, 2)},
       false,
       VerdictKind::Failed,
       true},
      // The AWS CLI waiter says "stable" here: one deployment, running == desired.
      {"waiter says stable but rolled back",
       {svc({rollback_primary}, 2, 2)},
       false,
       VerdictKind::Failed,
       true},
      {"service deployment ROLLBACK_SUCCESSFUL",
       {svc({rollback_primary}, 2, 2), sd("ROLLBACK_SUCCESSFUL")},
       true,
       VerdictKind::Failed,
       true},
      {"service deployment ROLLBACK_IN_PROGRESS",
       {svc({ours_rolling, old_active}, 2, 3), sd("ROLLBACK_IN_PROGRESS")},
       true,
       VerdictKind::Failed,
       true},
      {"service deployment STOPPED (breaker without rollback)",
       {svc({ours_rolling}, 2, 1), sd("STOPPED")},
       true,
       VerdictKind::Failed,
       false,
       false},
      {"service deployment STOPPED because another one took over",
       {svc({other_primary, ours_rolling}, 2, 1), sd("STOPPED")},
       true,
       VerdictKind::Failed,
       false,
       true},
      {"replaced by someone else's deployment",
       {svc({other_primary, ours_rolling}, 2, 1)},
       false,
       VerdictKind::Failed,
       false,
       true},
      {"replaced and ours gone",
       {svc({other_primary}, 2, 0)},
       false,
       VerdictKind::Failed,
       false,
       true},
      {"crash loop of three stopped tasks",
       {svc({ours_rolling, old_active}, 2, 3, 1), std::nullopt, 3},
       false,
       VerdictKind::Failed},
      {"two stopped tasks is not yet a crash loop",
       {svc({ours_rolling, old_active}, 2, 3, 1), std::nullopt, 2},
       false,
       VerdictKind::InProgress},
  };
  RolloutPolicy policy;
  for (const auto& row : rows) {
    RolloutTarget target{k_new, "ecs-svc/2", row.with_service_deployments ? "arn:sd/1" : "", k_old};
    RolloutVerdict v = assess_rollout(row.snapshot, target, policy);
    EXPECT_EQ(v.kind, row.expected) << row.name << ": " << v.reason;
    EXPECT_EQ(v.rolled_back_by_ecs, row.by_ecs) << row.name;
    EXPECT_EQ(v.replaced, row.replaced) << row.name;
    if (v.kind == VerdictKind::Failed) {
      EXPECT_FALSE(v.reason.empty()) << row.name;
    }
  }
}

TEST(AssessRollout, DrainingServiceFails) {
  services::Service s = svc({}, 0, 0);
  s.status = "DRAINING";
  auto v = assess_rollout({s}, {k_new, "ecs-svc/2", "", k_old}, {});
  EXPECT_EQ(v.kind, VerdictKind::Failed);
  EXPECT_EQ(v.reason, "service is DRAINING");
}

TEST(AssessRollout, CircuitBreakerReasonIsReported) {
  auto d = dep("ecs-svc/2", "PRIMARY", k_new, 2, 0, "FAILED");
  d.rollout_state_reason = "ECS deployment circuit breaker: tasks failed to start.";
  auto v = assess_rollout({svc({d}, 2, 0)}, {k_new, "ecs-svc/2", "", k_old}, {});
  EXPECT_EQ(v.reason, "ECS deployment circuit breaker: tasks failed to start.");
}

TEST(AssessRollout, UnknownStatesAreNeverASuccess) {
  struct Case {
    std::string name;
    RolloutSnapshot snapshot;
    bool with_service_deployments;
    std::string unknown;
  };
  auto done_with = [](std::string status, std::string rollout) {
    return svc({dep("ecs-svc/2", std::move(status), k_new, 2, 2, std::move(rollout))}, 2, 2);
  };
  services::Service weird_service = done_with("PRIMARY", "COMPLETED");
  weird_service.status = "WEIRD";
  const std::vector<Case> cases = {
      {"rolloutState",
       {done_with("PRIMARY", "WEIRD")},
       false,
       "rolloutState 'WEIRD' of deployment ecs-svc/2"},
      {"rolloutState, though the service deployment is SUCCESSFUL",
       {done_with("PRIMARY", "WEIRD"), sd("SUCCESSFUL")},
       true,
       "rolloutState 'WEIRD' of deployment ecs-svc/2"},
      {"service deployment status",
       {done_with("PRIMARY", "COMPLETED"), sd("WEIRD")},
       true,
       "service deployment status 'WEIRD'"},
      {"deployment status",
       {done_with("WEIRD", "COMPLETED"), sd("SUCCESSFUL")},
       true,
       "status 'WEIRD' of deployment ecs-svc/2"},
      {"service status", {weird_service}, false, "service status 'WEIRD'"},
  };
  for (const Case& c : cases) {
    RolloutTarget target{k_new, "ecs-svc/2", c.with_service_deployments ? "arn:sd/1" : "", k_old};
    RolloutVerdict v = assess_rollout(c.snapshot, target, {});
    EXPECT_EQ(v.kind, VerdictKind::InProgress) << c.name << ": " << v.reason;
    EXPECT_EQ(v.unknown, c.unknown) << c.name;
    EXPECT_NE(v.reason.find(c.unknown), std::string::npos) << v.reason;
  }
  // Without our deployment id, a PRIMARY we cannot read is not "replaced by someone else".
  RolloutVerdict v = assess_rollout({done_with("WEIRD", "COMPLETED")}, {k_new, "", "", k_old}, {});
  EXPECT_EQ(v.kind, VerdictKind::InProgress) << v.reason;
  // A known terminal state still ends the wait.
  v = assess_rollout({done_with("PRIMARY", "WEIRD"), sd("ROLLBACK_SUCCESSFUL")},
                     {k_new, "ecs-svc/2", "arn:sd/1", k_old}, {});
  EXPECT_EQ(v.kind, VerdictKind::Failed);
  EXPECT_EQ(unknown_state_note(v), "");
  RolloutVerdict waiting =
      assess_rollout({done_with("PRIMARY", "WEIRD")}, {k_new, "ecs-svc/2", "", k_old}, {});
  EXPECT_EQ(unknown_state_note(waiting),
            " (ECS still reports rolloutState 'WEIRD' of deployment ecs-svc/2, which ecsdeploy "
            "does not know)");
}

TEST(CountsDone, PendingTasksMeanNotDone) {
  const auto ours = dep("ecs-svc/2", "PRIMARY", k_new, 2, 2, "COMPLETED");
  EXPECT_TRUE(counts_done(svc({ours}, 2, 2), ours));
  EXPECT_FALSE(counts_done(svc({ours}, 2, 2, 1), ours));
  EXPECT_FALSE(counts_done(svc({ours}, 2, 1), ours));
  EXPECT_FALSE(
      counts_done(svc({ours, dep("ecs-svc/1", "ACTIVE", k_old, 2, 0, "COMPLETED")}, 2, 2), ours));
}

TEST(ServiceSettled, UnknownStatesAreNotSettled) {
  EXPECT_FALSE(service_settled(svc({dep("a", "PRIMARY", k_old, 2, 2, "WEIRD")}, 2, 2), k_old));
  EXPECT_FALSE(service_settled(svc({dep("a", "WEIRD", k_old, 2, 2, "COMPLETED")}, 2, 2), ""));
  services::Service s = svc({dep("a", "PRIMARY", k_old, 2, 2, "COMPLETED")}, 2, 2);
  s.status = "WEIRD";
  EXPECT_FALSE(service_settled(s, ""));
}

TEST(ServiceSettled, Table) {
  EXPECT_TRUE(service_settled(svc({dep("a", "PRIMARY", k_old, 2, 2, "COMPLETED")}, 2, 2), k_old));
  EXPECT_FALSE(service_settled(svc({dep("a", "PRIMARY", k_new, 2, 2, "COMPLETED")}, 2, 2), k_old));
  EXPECT_FALSE(
      service_settled(svc({dep("a", "PRIMARY", k_old, 2, 1, "IN_PROGRESS")}, 2, 1), k_old));
  EXPECT_TRUE(service_settled(svc({dep("a", "PRIMARY", k_old, 0, 0, "COMPLETED")}, 0, 0), ""));
  EXPECT_FALSE(service_settled(svc({dep("a", "PRIMARY", k_old, 0, 1, "COMPLETED")}, 0, 1), ""));
  EXPECT_FALSE(service_settled(svc({dep("a", "PRIMARY", k_old, 0, 0, "COMPLETED")}, 0, 0, 1), ""));
}

}  // namespace
}  // namespace engine
