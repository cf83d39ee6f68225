#pragma once
// The emulator's resource model: plain structs owned by State. Counts that AWS derives
// (runningCount, pendingCount, ...) are computed from tasks when serialized, never stored.
#include <nlohmann/json.hpp>

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace emulator {

using Json = nlohmann::ordered_json;

struct Tag {
  std::string key;
  std::string value;
};

// Who is calling: resolved from the access key (or the first account under --no-auth).
struct Identity {
  std::string account;
  std::string arn;
  std::string user_id;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  double expires_at = 0;      // virtual epoch seconds; 0 = never
  Json policies;              // identity-based policy documents; null = everything allowed
};

struct Role {
  std::string arn;
  std::string account;
  std::string name;
  std::vector<std::string> web_identity_tokens;  // empty = accept any well-formed token
  int max_session_seconds = 3600;
  Json policies;  // carried by sessions assumed from this role; null = everything allowed
};

struct Cluster {
  std::string arn;
  std::string name;
  std::string account;
  std::string status = "ACTIVE";
  std::vector<Tag> tags;
  Json settings = Json::array();
};

struct TaskDefinition {
  std::string arn;
  std::string account;
  std::string family;
  int revision = 0;
  std::string status = "ACTIVE";  // ACTIVE | INACTIVE
  Json body;                      // the registered members, unknown nested fields kept
  std::vector<Tag> tags;
  double registered_at = 0;
  double deregistered_at = 0;
  std::string registered_by;
};

struct ServiceEvent {
  std::string id;
  double created_at = 0;
  std::string message;
};

struct Deployment {
  std::string id;                  // ecs-svc/<digits>
  std::string status = "PRIMARY";  // PRIMARY | ACTIVE | INACTIVE
  std::string task_definition;     // ARN
  int desired_count = 0;
  int failed_tasks = 0;
  std::string rollout_state = "IN_PROGRESS";
  std::string rollout_state_reason;
  double created_at = 0;
  double updated_at = 0;
  std::string service_deployment_arn;  // the service deployment this rollout belongs to
  std::string service_revision_arn;
  bool is_rollback = false;
  double next_launch_at = 0;  // back-off after failed tasks
};

struct ServiceRevision {
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  std::string task_definition;
  Json container_images = Json::array();
  std::string launch_type;
  double created_at = 0;
  Json load_balancers = Json::array();           // the service's, when the revision was made
  Json resolved_load_balancers = Json::array();  // the target group this revision serves from
};

// One run of a lifecycle hook at one stage (a LINEAR step's hook is a new run, new hookId).
struct HookRun {
  std::string hook_id;
  std::string target_type;  // AWS_LAMBDA | PAUSE
  std::string target_arn;   // "" for PAUSE
  std::string stage;        // the hook stage it runs at
  std::string status;       // IN_PROGRESS | AWAITING_ACTION | SUCCEEDED | FAILED | TIMED_OUT
  double expires_at = 0;
  std::string timeout_action = "ROLLBACK";
  double next_invoke_at = 0;  // Lambda: when ECS calls it (again)
  int invocations = 0;
  int step = -1;        // the machine step it belongs to (-1: a rollback run)
  Json hook_details;    // what the function returned last, passed back on the next call
  std::string failure;  // why it failed, for rollback.reason
};

struct ServiceDeployment {
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  double created_at = 0;
  double started_at = 0;
  double finished_at = 0;
  double stopped_at = 0;
  double updated_at = 0;
  std::vector<std::string> source_revision_arns;
  std::string target_revision_arn;
  std::string status = "PENDING";
  std::string status_reason;
  std::string lifecycle_stage = "RECONCILE_SERVICE";
  Json deployment_configuration = Json::object();
  bool has_rollback = false;
  std::string rollback_reason;
  double rollback_started_at = 0;
  std::string rollback_revision_arn;
  std::string circuit_breaker_status = "DISABLED";  // TRIGGERED | MONITORING | ...
  int circuit_breaker_failures = 0;
  int circuit_breaker_threshold = 0;
  std::string deployment_id;  // the Deployment driving the target revision
  std::string stop_request;   // "", ROLLBACK or ABORT (from StopServiceDeployment)
  // The strategy state machine (core/deployment_machine); ROLLING uses none of it.
  std::string strategy = "ROLLING";
  int step = -1;  // index into plan_steps(); -1 before the first stage
  double step_entered_at = 0;
  bool reconcile_stage = false;      // started with more than one active revision
  double test_weight = 0;            // requested test traffic weight of the target revision
  double production_weight = 0;      // requested production traffic weight of the target
  std::string source_deployment_id;  // the Deployment serving production when this one started
  std::vector<HookRun> hooks;
  bool rollback_hooks_started = false;
  // CloudWatch alarms watched during the deployment and its bake.
  std::string alarms_status = "DISABLED";  // MONITORING | MONITORING_COMPLETE | TRIGGERED
  std::vector<std::string> alarm_names;
  std::vector<std::string> triggered_alarms;
  std::vector<std::string> alarms_ignored;  // already in ALARM when the deployment started
};

struct Service {
  std::string arn;
  std::string name;
  std::string account;
  std::string cluster_arn;
  std::string status = "ACTIVE";
  int desired_count = 0;
  std::string task_definition;  // ARN of the PRIMARY deployment's revision
  Json deployment_configuration = Json::object();
  Json network_configuration;
  std::string launch_type = "FARGATE";
  std::string platform_version = "LATEST";
  int health_check_grace_seconds = 0;
  double created_at = 0;
  std::string created_by;
  std::vector<Deployment> deployments;  // newest (PRIMARY) first; INACTIVE ones dropped
  std::deque<ServiceEvent> events;      // newest first, at most 100 (only State::add_event)
  // `events` serialized, "" when stale: events never change once added, so DescribeServices
  // reuses the text until State::add_event clears it.
  mutable std::string events_json;
  std::vector<Tag> tags;
  std::string current_service_deployment;
  bool steady_reported = false;
  // Steady with nothing pending: the scheduler skips it until something touches the service.
  bool quiet = false;
  // Mid-bake or paused with every task settled: skipped until this time unless touched.
  double wake_at = 0;
  // Something outside the scheduler changed the service (a call, an alarm, a script).
  void touch() {
    quiet = false;
    wake_at = 0;
  }
  std::string propagate_tags = "NONE";
  bool enable_ecs_managed_tags = false;
  bool enable_execute_command = false;
  std::string deployment_controller = "ECS";  // ECS | CODE_DEPLOY | EXTERNAL
  // last deployment that completed: what a rollback returns to
  std::string stable_task_definition;
  std::string stable_revision_arn;
  std::map<std::string, std::string> deployment_revisions;  // deployment id → revision ARN
  Json load_balancers = Json::array();   // as given; B/G swaps the target groups after success
  std::string resource_management_type;  // "ECS" for Express Mode services (scenario marker)
};

// A CloudWatch metric alarm. The emulator evaluates no metrics: its state changes only through
// SetAlarmState or a scenario script.
struct MetricAlarm {
  std::string name;
  std::string arn;
  std::string account;
  std::string state = "INSUFFICIENT_DATA";  // OK | ALARM | INSUFFICIENT_DATA
  std::string reason = "Unchecked: Initial alarm creation";
  double updated_at = 0;
  double configuration_updated_at = 0;
  Json definition = Json::object();  // the PutMetricAlarm members, echoed by DescribeAlarms
};

// A scripted alarm change: at a virtual time, or when a task of an image starts running.
struct AlarmScript {
  std::string account;
  std::string alarm;
  std::string state = "ALARM";
  double at = 0;           // virtual epoch seconds; 0 = not time-triggered
  std::string when_image;  // image (or ":tag" suffix) whose RUNNING task fires it
  bool fired = false;
};

// A scripted answer of a Lambda hook function: hookStatus (SUCCEEDED | FAILED | IN_PROGRESS)
// with callBackDelay, or an invocation error.
struct LambdaReply {
  std::string hook_status;
  double callback_delay = 30;
  std::string error;  // non-empty: the invocation itself failed
  Json hook_details;
};

struct Container {
  std::string name;
  std::string image;
  std::string image_digest;
  std::string last_status = "PENDING";
  std::optional<int> exit_code;
  std::string reason;
  std::string health_status = "UNKNOWN";
  bool essential = true;
  bool has_health_check = false;
  std::string runtime_id;
};

// Where a task is heading, decided when it is launched from its images' behaviour.
enum class TaskFate { Healthy, PullFailure, SecretFailure, Crash, Unhealthy };

struct Task {
  std::string arn;
  std::string id;
  std::string account;
  std::string cluster_arn;
  std::string service_arn;  // empty for standalone tasks
  std::string started_by;   // deployment id for service tasks
  std::string group;
  std::string task_definition;
  std::string last_status = "PROVISIONING";
  std::string desired_status = "RUNNING";
  std::string health_status = "UNKNOWN";
  std::string launch_type = "FARGATE";
  std::string cpu;
  std::string memory;
  double created_at = 0;
  double pull_started_at = 0;
  double pull_stopped_at = 0;
  double started_at = 0;
  double stopping_at = 0;
  double stopped_at = 0;
  double execution_stopped_at = 0;
  double counted_healthy_at = 0;  // when the scheduler may count it as healthy
  std::string stop_code;
  std::string stopped_reason;
  std::vector<Container> containers;
  std::vector<Tag> tags;
  long long version = 1;
  // simulation
  TaskFate fate = TaskFate::Healthy;
  double next_at = 0;  // time of the next lifecycle step
  std::string failure_reason;
  int failure_exit_code = 0;
  std::string failing_container;
  std::vector<std::string> log_lines;
  std::string log_group;
  std::string log_stream_prefix;
  bool failure_counted = false;
  bool reported_healthy = false;
  // Where State's indexes hold this task (State::task_changed keeps them current).
  std::optional<double> indexed_due;         // key in the due index (tasks not STOPPED)
  std::optional<double> indexed_stopped_at;  // key in the expiry index (STOPPED tasks)
  bool indexed_live = false;                 // in its service's live list
};

struct EcrImage {
  std::string digest;
  std::vector<std::string> tags;
  double pushed_at = 0;
  long long size_bytes = 0;
  std::string manifest;
  std::string media_type = "application/vnd.docker.distribution.manifest.v2+json";
};

struct EcrRepository {
  std::string arn;
  std::string name;
  std::string account;
  std::string uri;
  double created_at = 0;
  std::string tag_mutability = "MUTABLE";
  std::vector<EcrImage> images;
};

// An Application Auto Scaling target of an ECS service (ecs:service:DesiredCount only). The
// emulator stores it for DescribeScalableTargets; nothing scales a service from it.
struct ScalableTarget {
  std::string resource_id;  // service/<cluster>/<service>
  long long min_capacity = 0;
  long long max_capacity = 0;
  bool in_suspended = false;
  bool out_suspended = false;
  bool scheduled_suspended = false;
  double created = 0;
};

struct LogEvent {
  long long timestamp = 0;  // ms
  long long ingestion_time = 0;
  std::string message;
};

struct LogStream {
  std::string name;
  double created_at = 0;
  std::vector<LogEvent> events;  // kept sorted by timestamp
};

struct LogGroup {
  std::string name;
  std::string arn;
  double created_at = 0;
  std::map<std::string, LogStream> streams;
};

}  // namespace emulator
