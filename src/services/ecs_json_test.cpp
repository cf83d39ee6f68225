#include "services/ecs_json.h"

#include <gtest/gtest.h>

namespace services {
namespace {

using Json = nlohmann::ordered_json;

TEST(EcsJson, ServiceWithDeploymentsEventsAndConfiguration) {
  Json j = Json::parse(R"({
    "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/stg/web",
    "serviceName": "web", "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/stg",
    "status": "ACTIVE", "desiredCount": 2, "runningCount": 1, "pendingCount": 1,
    "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
    "deploymentController": {"type": "ECS"},
    "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200,
      "deploymentCircuitBreaker": {"enable": true, "rollback": true}},
    "deployments": [{"id": "ecs-svc/123", "status": "PRIMARY",
      "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
      "desiredCount": 2, "pendingCount": 1, "runningCount": 1, "failedTasks": 0,
      "rolloutState": "IN_PROGRESS", "rolloutStateReason": "ECS deployment ecs-svc/123 in progress.",
      "createdAt": 1.69598486678E9}],
    "events": [{"id": "e1", "createdAt": 1695984870.5, "message": "(service web) has started 1 tasks"}],
    "currentServiceDeployment": "arn:aws:ecs:us-east-1:123456789012:service-deployment/stg/web/abc"
  })");
  Service s = ecs_json::service(j);
  EXPECT_EQ(s.name, "web");
  EXPECT_EQ(s.desired, 2);
  EXPECT_EQ(s.running, 1);
  EXPECT_EQ(s.deployment_controller, "ECS");
  EXPECT_TRUE(s.deployment_configuration.circuit_breaker_enable);
  EXPECT_TRUE(s.deployment_configuration.circuit_breaker_rollback);
  EXPECT_EQ(s.deployment_configuration.minimum_healthy_percent, 100);
  ASSERT_EQ(s.deployments.size(), 1u);
  EXPECT_EQ(s.deployments[0].rollout_state, "IN_PROGRESS");
  EXPECT_EQ(s.deployments[0].pending, 1);
  ASSERT_TRUE(s.deployments[0].created_at.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(
                s.deployments[0].created_at->time_since_epoch())
                .count(),
            1695984866780);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].message, "(service web) has started 1 tasks");
  EXPECT_FALSE(s.current_service_deployment.empty());
}

TEST(EcsJson, MissingMembersReadAsDefaults) {
  Service s = ecs_json::service(Json::object());
  EXPECT_EQ(s.deployment_controller, "ECS");
  EXPECT_EQ(s.desired, 0);
  EXPECT_TRUE(s.deployments.empty());
  Service wrong_types = ecs_json::service(Json::parse(R"({"desiredCount":"x","deployments":{}})"));
  EXPECT_EQ(wrong_types.desired, 0);
  EXPECT_TRUE(wrong_types.deployments.empty());
}

TEST(EcsJson, TaskDefinitionKeepsRawAndReadsBasics) {
  Json response = Json::parse(R"({"taskDefinition": {
      "taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:3", "family": "web",
      "revision": 3, "status": "ACTIVE", "futureField": {"x": ""},
      "containerDefinitions": [{"name": "app", "image": "repo/app:1", "essential": true,
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web",
          "awslogs-stream-prefix": "web"}}}],
      "registeredAt": 1700000000, "registeredBy": "arn:aws:iam::1:role/ci"},
    "tags": [{"key": "team", "value": "a"}]})");
  TaskDefinition td = ecs_json::task_definition(response);
  EXPECT_EQ(td.family, "web");
  EXPECT_EQ(td.revision, 3);
  ASSERT_EQ(td.containers.size(), 1u);
  EXPECT_EQ(td.containers[0].log_driver, "awslogs");
  ASSERT_EQ(td.containers[0].log_options.size(), 2u);
  EXPECT_EQ(td.containers[0].log_options[0].first, "awslogs-group");
  ASSERT_EQ(td.tags.size(), 1u);
  EXPECT_EQ(td.tags[0], (Tag{"team", "a"}));
  EXPECT_EQ(td.raw["futureField"]["x"], "");
  EXPECT_EQ(td.registered_by, "arn:aws:iam::1:role/ci");
}

TEST(EcsJson, TaskWithExitCodesAndMissingExitCode) {
  Task t = ecs_json::task(Json::parse(R"({"taskArn": "arn:t/1", "lastStatus": "STOPPED",
    "stopCode": "EssentialContainerExited", "stoppedReason": "Essential container in task exited",
    "startedBy": "ecs-svc/9",
    "containers": [{"name": "app", "exitCode": 1, "reason": ""}, {"name": "sidecar"}]})"));
  EXPECT_EQ(t.stop_code, "EssentialContainerExited");
  EXPECT_EQ(t.started_by, "ecs-svc/9");
  ASSERT_EQ(t.containers.size(), 2u);
  EXPECT_EQ(t.containers[0].exit_code, 1);
  EXPECT_FALSE(t.containers[1].exit_code.has_value());
}

TEST(EcsJson, ServiceDeploymentWithRollbackAndBreaker) {
  ServiceDeployment d = ecs_json::service_deployment(Json::parse(R"({
    "serviceDeploymentArn": "arn:sd/1", "status": "ROLLBACK_SUCCESSFUL",
    "statusReason": "circuit breaker", "targetServiceRevision": {"arn": "arn:sr/2",
      "requestedTaskCount": 2, "runningTaskCount": 0},
    "sourceServiceRevisions": [{"arn": "arn:sr/1", "runningTaskCount": 2}],
    "rollback": {"reason": "breaker", "serviceRevisionArn": "arn:sr/1"},
    "deploymentCircuitBreaker": {"status": "TRIGGERED", "failureCount": 3, "threshold": 3}})"));
  EXPECT_EQ(d.status, "ROLLBACK_SUCCESSFUL");
  EXPECT_TRUE(d.rolled_back);
  EXPECT_EQ(d.rollback_revision_arn, "arn:sr/1");
  EXPECT_EQ(d.target_revision.arn, "arn:sr/2");
  EXPECT_EQ(d.target_revision.requested, 2);
  ASSERT_EQ(d.source_revisions.size(), 1u);
  EXPECT_EQ(d.circuit_breaker_status, "TRIGGERED");
  EXPECT_EQ(d.circuit_breaker_failure_count, 3);
}

TEST(EcsJson, StrategyConfigurationHooksAlarmsAndLoadBalancers) {
  Service s = ecs_json::service(Json::parse(R"({
    "deploymentConfiguration": {"strategy": "LINEAR", "bakeTimeInMinutes": 15,
      "linearConfiguration": {"stepPercent": 12.5, "stepBakeTimeInMinutes": 3},
      "canaryConfiguration": {"canaryPercent": "x"},
      "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["PRE_PRODUCTION_TRAFFIC_SHIFT"],
        "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}},
        {"targetType": "AWS_LAMBDA", "hookTargetArn": "arn:aws:lambda:us-east-1:1:function:check",
         "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT", "POST_SCALE_UP"]}],
      "alarms": {"alarmNames": ["web-5xx"], "enable": true, "rollback": true}},
    "loadBalancers": [{"targetGroupArn": "arn:tg/blue", "containerName": "web", "containerPort": 80,
      "advancedConfiguration": {"alternateTargetGroupArn": "arn:tg/green",
        "productionListenerRule": "arn:rule/prod", "testListenerRule": "arn:rule/test"}}]})"));
  const DeploymentConfiguration& c = s.deployment_configuration;
  EXPECT_EQ(c.strategy, "LINEAR");
  EXPECT_EQ(c.bake_time_minutes, 15);
  EXPECT_EQ(c.linear_step_percent, 12.5);
  EXPECT_EQ(c.linear_step_bake_minutes, 3);
  EXPECT_FALSE(c.canary_percent.has_value());  // mistyped reads as absent
  ASSERT_EQ(c.lifecycle_hooks.size(), 2u);
  EXPECT_EQ(c.lifecycle_hooks[0].target_type, "PAUSE");
  EXPECT_EQ(c.lifecycle_hooks[0].timeout_minutes, 60);
  EXPECT_EQ(c.lifecycle_hooks[0].timeout_action, "ROLLBACK");
  EXPECT_EQ(c.lifecycle_hooks[1].stages.size(), 2u);
  EXPECT_FALSE(c.lifecycle_hooks[1].timeout_minutes.has_value());
  EXPECT_TRUE(c.alarms_enable);
  EXPECT_EQ(c.alarm_names, std::vector<std::string>{"web-5xx"});
  ASSERT_EQ(s.load_balancers.size(), 1u);
  EXPECT_EQ(s.load_balancers[0].alternate_target_group_arn, "arn:tg/green");
  EXPECT_EQ(s.load_balancers[0].container_port, 80);
}

TEST(EcsJson, ServiceDeploymentStageWeightsHooksAndAlarms) {
  ServiceDeployment d = ecs_json::service_deployment(Json::parse(R"({
    "serviceDeploymentArn": "arn:sd/2", "status": "IN_PROGRESS", "lifecycleStage": "BAKE_TIME",
    "targetServiceRevision": {"arn": "arn:sr/3", "requestedTaskCount": 2, "runningTaskCount": 2,
      "requestedTestTrafficWeight": 100.0, "requestedProductionTrafficWeight": 10},
    "sourceServiceRevisions": [{"arn": "arn:sr/2", "requestedProductionTrafficWeight": 90.0}],
    "lifecycleHookDetails": [{"hookId": "h-1", "targetType": "PAUSE", "status": "AWAITING_ACTION",
      "expiresAt": 1767225600, "timeoutAction": "ROLLBACK"}],
    "alarms": {"status": "TRIGGERED", "alarmNames": ["a", "b"], "triggeredAlarmNames": ["b"]},
    "deploymentConfiguration": {"strategy": "CANARY",
      "canaryConfiguration": {"canaryPercent": 10.0, "canaryBakeTimeInMinutes": 5}}})"));
  EXPECT_EQ(d.lifecycle_stage, "BAKE_TIME");
  EXPECT_EQ(d.target_revision.production_traffic_weight, 10.0);
  EXPECT_EQ(d.target_revision.test_traffic_weight, 100.0);
  ASSERT_EQ(d.source_revisions.size(), 1u);
  EXPECT_EQ(d.source_revisions[0].production_traffic_weight, 90.0);
  EXPECT_FALSE(d.source_revisions[0].test_traffic_weight.has_value());
  ASSERT_EQ(d.hooks.size(), 1u);
  EXPECT_EQ(d.hooks[0].hook_id, "h-1");
  EXPECT_EQ(d.hooks[0].status, "AWAITING_ACTION");
  ASSERT_TRUE(d.hooks[0].expires_at.has_value());
  EXPECT_EQ(d.triggered_alarm_names, std::vector<std::string>{"b"});
  ASSERT_TRUE(d.configuration.has_value());
  EXPECT_EQ(d.configuration->strategy, "CANARY");
  EXPECT_EQ(d.configuration->canary_percent, 10.0);
  EXPECT_FALSE(ecs_json::service_deployment(Json::object()).configuration.has_value());
}

TEST(EcsJson, FailuresAndTags) {
  Json r = Json::parse(R"({"failures": [{"arn": "arn:s/x", "reason": "MISSING"}]})");
  auto f = ecs_json::failures(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].reason, "MISSING");
  Json tags = ecs_json::tags_to_json({{"a", "1"}, {"b", ""}});
  EXPECT_EQ(tags.dump(), R"([{"key":"a","value":"1"},{"key":"b","value":""}])");
}

}  // namespace
}  // namespace services
