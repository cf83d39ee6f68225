#pragma once
// Plain structs for the ECS operations we use (ecs-api-digest section 2). Only the members the
// engine reads are kept; the raw task definition is kept as ordered JSON so that unknown fields
// survive a round trip (contributing.md, S3).

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/clock.h"

namespace services {

struct Tag {
  std::string key;
  std::string value;
  bool operator==(const Tag&) const = default;
};

// failures[] entry: an unknown cluster/service/task is reported here with reason "MISSING".
struct Failure {
  std::string arn;
  std::string reason;
  std::string detail;
};

struct Cluster {
  std::string arn;
  std::string name;
  std::string status;  // ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE
  int running_tasks = 0;
  int pending_tasks = 0;
  int active_services = 0;
};

struct DescribeClustersResult {
  std::vector<Cluster> clusters;
  std::vector<Failure> failures;
};

struct Deployment {
  std::string id;      // ecs-svc/1234567890
  std::string status;  // PRIMARY, ACTIVE, INACTIVE
  std::string task_definition;
  int desired = 0;
  int pending = 0;
  int running = 0;
  int failed_tasks = 0;
  std::string rollout_state;  // IN_PROGRESS, COMPLETED, FAILED (ECS controller only)
  std::string rollout_state_reason;
  std::optional<util::SystemTime> created_at;
  std::optional<util::SystemTime> updated_at;
};

struct ServiceEvent {
  std::string id;
  util::SystemTime created_at{};
  std::string message;
};

// A lifecycle hook as configured (deploymentConfiguration.lifecycleHooks[]).
struct LifecycleHook {
  std::string target_type;  // AWS_LAMBDA, PAUSE
  std::string target_arn;   // the Lambda function; empty for PAUSE
  std::vector<std::string> stages;
  std::optional<int> timeout_minutes;  // timeoutConfiguration.timeoutInMinutes
  std::string timeout_action;          // timeoutConfiguration.action: CONTINUE, ROLLBACK
};

struct DeploymentConfiguration {
  std::optional<int> minimum_healthy_percent;
  std::optional<int> maximum_percent;
  bool circuit_breaker_enable = false;
  bool circuit_breaker_rollback = false;
  std::string strategy;  // ROLLING, BLUE_GREEN, LINEAR, CANARY; empty: ROLLING
  std::optional<int> bake_time_minutes;
  std::optional<double> linear_step_percent;
  std::optional<int> linear_step_bake_minutes;
  std::optional<double> canary_percent;
  std::optional<int> canary_bake_minutes;
  std::vector<LifecycleHook> lifecycle_hooks;
  bool alarms_enable = false;
  bool alarms_rollback = false;
  std::vector<std::string> alarm_names;
};

// loadBalancers[] of a service; the advanced members are set for blue/green-style services.
struct LoadBalancer {
  std::string target_group_arn;
  std::string container_name;
  std::optional<int> container_port;
  std::string alternate_target_group_arn;
  std::string production_listener_rule;
  std::string test_listener_rule;
};

struct Service {
  std::string arn;
  std::string name;
  std::string cluster_arn;
  std::string status;  // ACTIVE, DRAINING, INACTIVE
  int desired = 0;
  int running = 0;
  int pending = 0;
  std::string task_definition;
  std::string deployment_controller = "ECS";  // ECS, CODE_DEPLOY, EXTERNAL
  // "ECS" for an Express Mode service (ECS manages its load balancer and scaling), "CUSTOMER"
  // or empty for every other service.
  std::string resource_management_type;
  std::string launch_type;
  DeploymentConfiguration deployment_configuration;
  std::vector<LoadBalancer> load_balancers;
  std::vector<Deployment> deployments;
  std::vector<ServiceEvent> events;        // newest first
  std::string current_service_deployment;  // ARN; empty when the API does not report it
  std::vector<Tag> tags;
  std::optional<int> health_check_grace_period_seconds;
};

struct DescribeServicesResult {
  std::vector<Service> services;
  std::vector<Failure> failures;
};

struct ContainerBasics {
  std::string name;
  std::string image;
  bool essential = true;
  std::string log_driver;                                        // "awslogs", ...
  std::vector<std::pair<std::string, std::string>> log_options;  // awslogs-group, ...
  // The container health check's worst time to first verdict: startPeriod + interval x
  // retries, with ECS's defaults (0, 30 s, 3); nullopt without a healthCheck.
  std::optional<int> health_check_budget_seconds;
};

// The parts of a task definition the engine reads; the full document stays in `raw`.
struct TaskDefinition {
  std::string arn;
  std::string family;
  int revision = 0;
  std::string status;  // ACTIVE, INACTIVE, DELETE_IN_PROGRESS
  std::vector<ContainerBasics> containers;
  std::optional<util::SystemTime> registered_at;
  std::string registered_by;
  std::vector<Tag> tags;
  nlohmann::ordered_json raw;  // the taskDefinition member exactly as described
};

struct ListTaskDefinitionsRequest {
  std::string family_prefix;
  std::string status = "ACTIVE";
  bool newest_first = true;  // sort DESC
  int max_results = 0;       // 0: server default
  std::string next_token;
};

struct ListResult {
  std::vector<std::string> arns;
  std::string next_token;
};

struct UpdateServiceRequest {
  std::string cluster;
  std::string service;
  std::optional<std::string> task_definition;
  std::optional<int> desired_count;
  bool force_new_deployment = false;
};

struct ListTasksRequest {
  std::string cluster;
  std::string service_name;
  std::string family;
  std::string desired_status;  // RUNNING (default) or STOPPED
  int max_results = 0;
  std::string next_token;
};

struct TaskContainer {
  std::string name;
  std::string image;
  std::string last_status;
  std::optional<int> exit_code;
  std::string reason;
};

struct Task {
  std::string arn;
  std::string task_definition_arn;
  std::string last_status;
  std::string desired_status;
  std::string started_by;  // the deployment id for service tasks
  std::string group;
  std::string stop_code;
  std::string stopped_reason;
  std::optional<util::SystemTime> created_at;
  std::optional<util::SystemTime> started_at;
  std::optional<util::SystemTime> stopped_at;
  std::vector<TaskContainer> containers;
};

struct DescribeTasksResult {
  std::vector<Task> tasks;
  std::vector<Failure> failures;
};

struct ServiceRevisionSummary {
  std::string arn;
  int requested = 0;
  int running = 0;
  int pending = 0;
  std::optional<double> test_traffic_weight;        // requestedTestTrafficWeight, percent
  std::optional<double> production_traffic_weight;  // requestedProductionTrafficWeight
};

// lifecycleHookDetails[] of a service deployment: one hook run at one stage.
struct LifecycleHookRun {
  std::string hook_id;
  std::string target_type;  // AWS_LAMBDA, PAUSE
  std::string target_arn;
  std::string status;  // AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT
  std::optional<util::SystemTime> expires_at;
  std::string timeout_action;  // CONTINUE, ROLLBACK
};

struct ServiceDeploymentBrief {
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  std::string target_service_revision_arn;
  std::string status;
  std::string status_reason;
  std::optional<util::SystemTime> created_at;
  std::optional<util::SystemTime> started_at;
  std::optional<util::SystemTime> finished_at;
};

struct ListServiceDeploymentsRequest {
  std::string cluster;
  std::string service;
  std::vector<std::string> statuses;
  int max_results = 0;
  std::string next_token;
};

struct ListServiceDeploymentsResult {
  std::vector<ServiceDeploymentBrief> deployments;  // newest first
  std::string next_token;
};

struct ServiceDeployment {
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  std::optional<util::SystemTime> created_at;
  std::optional<util::SystemTime> started_at;
  std::optional<util::SystemTime> finished_at;
  std::optional<util::SystemTime> stopped_at;
  std::optional<util::SystemTime> updated_at;
  std::vector<ServiceRevisionSummary> source_revisions;
  ServiceRevisionSummary target_revision;
  // PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED,
  // ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED
  std::string status;
  std::string status_reason;
  bool rolled_back = false;  // a rollback member is present
  std::string rollback_reason;
  std::string rollback_revision_arn;
  std::string circuit_breaker_status;  // TRIGGERED, MONITORING, MONITORING_COMPLETE, DISABLED
  int circuit_breaker_failure_count = 0;
  int circuit_breaker_threshold = 0;
  // RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP, ..., BAKE_TIME, CLEAN_UP; empty when not reported.
  std::string lifecycle_stage;
  std::vector<LifecycleHookRun> hooks;
  std::string alarms_status;  // same values as circuit_breaker_status
  std::vector<std::string> alarm_names;
  std::vector<std::string> triggered_alarm_names;
  // The configuration this deployment runs with (strategy, bake, steps, hooks, alarms).
  std::optional<DeploymentConfiguration> configuration;
};

struct DescribeServiceDeploymentsResult {
  std::vector<ServiceDeployment> deployments;
  std::vector<Failure> failures;
};

struct ContainerImage {
  std::string container_name;
  std::string image;
  std::string image_digest;
};

struct ServiceRevision {
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  std::string task_definition;
  std::vector<ContainerImage> container_images;
  std::optional<util::SystemTime> created_at;
};

struct DescribeServiceRevisionsResult {
  std::vector<ServiceRevision> revisions;
  std::vector<Failure> failures;
};

}  // namespace services
