#pragma once
// Typed events the engine emits; the CLI renders them (tty, plain, json, github).
// The engine never prints (contributing.md, principle 2). Plain structs only: no JSON, no I/O.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/next_step.h"
#include "engine/outcome.h"
#include "util/clock.h"
#include "util/error.h"

namespace engine {

enum class Severity { Info, Notice, Warning, Error };

// A free-form progress message ("registering revision web:13").
struct Message {
  Severity severity = Severity::Info;
  std::string text;
  Hints hints;  // what to do about it; the CLI words them after the text
};

// Start/end of a named phase: "preflight", "register", "update", "wait", "rollback".
struct PhaseStarted {
  std::string phase;
  std::string title;
};
struct PhaseFinished {
  std::string phase;
  bool ok = true;
  std::chrono::milliseconds elapsed{0};
};

struct PreflightCheck {
  std::string name;  // "cluster", "service", "family", "container", "image", ...
  bool ok = true;
  bool skipped = false;
  std::string detail;  // what was found, or why it failed
  Hints hints;         // what to do about a failure; the CLI words them after the detail
};

// One line of a task-definition diff (JSON pointer-ish path, old and new values as text).
struct DiffLine {
  std::string path;  // "containerDefinitions[web].image"
  std::string before;
  std::string after;
};

struct PlanReady {
  std::string command;  // "deploy", "scale", "rollback"
  std::string cluster;
  std::string service;
  std::string current_task_definition;  // ARN the service runs now
  std::string base_task_definition;     // ARN used as the template
  std::string container;
  std::string current_image;
  std::string new_image;
  int current_desired = 0;
  int new_desired = 0;
  bool reuse_revision = false;  // image already at that tag: no new revision
  std::vector<DiffLine> diff;
  bool dry_run = false;
};

struct RevisionRegistered {
  std::string task_definition_arn;
  std::string image;
};

struct ServiceUpdated {
  std::string task_definition_arn;
  int desired_count = 0;
  std::string service_deployment_arn;  // empty when the region has no service deployments
  std::string deployment_id;           // ecs-svc/...
};

struct DeploymentRow {
  std::string id;
  std::string status;  // PRIMARY / ACTIVE / INACTIVE
  std::string task_definition;
  int desired = 0;
  int pending = 0;
  int running = 0;
  int failed = 0;
  std::string rollout_state;
  std::string rollout_state_reason;
};

// Snapshot of the rollout as last observed; emitted when something changed.
struct RolloutProgress {
  util::SystemTime at;
  std::vector<DeploymentRow> deployments;
  std::string service_deployment_status;  // IN_PROGRESS, SUCCESSFUL, ...
  int desired = 0;
  int running = 0;
  int pending = 0;
};

// One revision of a service deployment with its task counts and requested traffic weights.
struct RevisionTraffic {
  std::string arn;              // service revision ARN
  std::string task_definition;  // its revision, when known (ours; the one we replace)
  int requested = 0;
  int running = 0;
  int pending = 0;
  std::optional<double> test_weight;        // percent of test traffic, when reported
  std::optional<double> production_weight;  // percent of production traffic
  bool operator==(const RevisionTraffic&) const = default;
};

// One lifecycle hook run of our deployment, with the stage it was first seen in.
struct HookRunView {
  std::string hook_id;
  std::string target_type;  // AWS_LAMBDA, PAUSE
  std::string target_arn;   // the Lambda function (empty for PAUSE)
  std::string status;       // AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT
  std::optional<util::SystemTime> expires_at;
  std::string timeout_action;  // CONTINUE, ROLLBACK
  std::string stage;
  bool operator==(const HookRunView&) const = default;
};

// Our service deployment as last observed, for a service deployed with lifecycle stages
// (BLUE_GREEN, LINEAR, CANARY, or hooks): emitted when anything but `at` changed.
struct ServiceDeploymentProgress {
  util::SystemTime at{};  // ECS's clock
  std::string arn;
  std::string strategy;  // ROLLING, BLUE_GREEN, LINEAR, CANARY
  std::string status;    // PENDING, IN_PROGRESS, SUCCESSFUL, ROLLBACK_IN_PROGRESS, ...
  std::string stage;     // lifecycleStage; "" when not reported
  std::optional<util::SystemTime> stage_since;  // first seen (ECS's clock)
  RevisionTraffic target;
  std::vector<RevisionTraffic> sources;
  int step = 0;   // production traffic step k of `steps` (LINEAR, CANARY); 0 before the first
  int steps = 0;  // 0 when the strategy shifts production traffic at once
  // The bake under way (a LINEAR/CANARY step's bake, or BAKE_TIME) ends about then.
  std::optional<util::SystemTime> bake_until;
  std::vector<HookRunView> hooks;
  std::string alarms_status;  // MONITORING, TRIGGERED, MONITORING_COMPLETE, DISABLED
  std::vector<std::string> alarm_names;
  std::vector<std::string> triggered_alarm_names;
  std::string circuit_breaker_status;
  int circuit_breaker_failures = 0;
  int circuit_breaker_threshold = 0;
  std::string rollback_reason;  // ECS's, once it rolls back
  bool same_state(const ServiceDeploymentProgress& o) const {
    return arn == o.arn && strategy == o.strategy && status == o.status && stage == o.stage &&
           target == o.target && sources == o.sources && step == o.step && steps == o.steps &&
           hooks == o.hooks && alarms_status == o.alarms_status &&
           triggered_alarm_names == o.triggered_alarm_names &&
           circuit_breaker_status == o.circuit_breaker_status &&
           circuit_breaker_failures == o.circuit_breaker_failures &&
           rollback_reason == o.rollback_reason;
  }
};

// ECS calls the rollout done; success waits until every task of the new revision has run for
// `window` (a task that crashes a minute after start is a failure, not a success).
struct Settling {
  std::string task_definition_arn;
  std::chrono::seconds window{0};
  int tasks = 0;
  util::SystemTime until{};  // the service's clock
};

struct ServiceEventSeen {
  util::SystemTime at;
  std::string message;
};

// Why a task died, gathered once per task.
struct StoppedTaskEvidence {
  std::string task_arn;
  std::string task_definition_arn;
  std::string stop_code;
  std::string stopped_reason;
  struct Container {
    std::string name;
    std::optional<int> exit_code;
    std::string reason;
  };
  std::vector<Container> containers;
  std::string log_group;
  std::string log_stream;
  std::vector<std::string> log_tail;  // last lines, oldest first
  std::string log_error;              // why the tail is missing (no awslogs, stream gone...)
};

struct Retrying {
  std::string operation;
  int attempt = 0;
  int max_attempts = 0;
  std::chrono::milliseconds delay{0};
  std::string reason;
};

struct RollbackStarted {
  std::string reason;
  std::string from_task_definition;
  std::string to_task_definition;
  std::string method;  // "StopServiceDeployment(ROLLBACK)" or "UpdateService"
};

// The command's result; always the last event.
struct Finished {
  Outcome outcome = Outcome::Error;
  bool dry_run = false;  // a dry run that succeeded only planned: the CLI says "dry-run"
  std::string summary;   // one line for humans
  Hints next;            // what to do next (follow the deployment, ...); the CLI words them
  // What ran, for the CLI's next step after a failure ("deploy", "demo", "web"); may be empty.
  std::string command;
  std::string cluster;
  std::string service;
};

using Event = std::variant<Message, PhaseStarted, PhaseFinished, PreflightCheck, PlanReady,
                           RevisionRegistered, ServiceUpdated, RolloutProgress,
                           ServiceDeploymentProgress, Settling, ServiceEventSeen,
                           StoppedTaskEvidence, Retrying, RollbackStarted, Finished>;

}  // namespace engine
