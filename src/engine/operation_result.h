#pragma once
// What deploy, scale and rollback return to the CLI: enough for the exit code, the one-line
// summary, `--output json` and $GITHUB_OUTPUT. Plain data.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/events.h"
#include "engine/next_step.h"
#include "engine/outcome.h"
#include "util/error.h"

namespace engine {

struct Timings {
  std::chrono::milliseconds preflight{0};
  std::chrono::milliseconds register_revision{0};
  std::chrono::milliseconds update{0};
  std::chrono::milliseconds wait{0};
  std::chrono::milliseconds total{0};
};

struct OperationResult {
  std::string command;  // "deploy", "scale", "rollback"
  Outcome outcome = Outcome::Error;
  std::string summary;  // one line for humans, also the Finished event's summary
  std::string cluster;
  std::string service;
  std::string previous_task_definition;  // ARN the service ran before
  std::string task_definition;           // ARN deployed (or planned, on dry run)
  std::string base_task_definition;      // ARN the new revision copies (deploy), returns to
                                         // (rollback)
  std::string previous_image;
  std::string image;
  std::optional<int> previous_desired_count;
  std::optional<int> desired_count;
  bool dry_run = false;
  bool registered_new_revision = false;
  std::string service_deployment_arn;   // the deployment our update created, when known
  std::string failure_reason;           // why the rollout failed, when it did
  bool rolled_back = false;             // by ECS or by us
  std::string running_task_definition;  // what runs after a failure/rollback
  std::vector<std::string> problems;    // preflight problems (exit 3), one line each
  std::optional<util::Error> error;     // the error behind Outcome::Error / InvalidInput
  Hints next;                           // what to do next; the CLI words it after the summary
  Timings timings;
  // A deployment with lifecycle stages: its stage, traffic, hooks and alarms as last seen.
  std::optional<ServiceDeploymentProgress> stages;
};

// The result every operation starts from: what it is, on which service, dry run or not. The
// rest is filled in as the operation goes.
OperationResult begin_result(std::string command, std::string cluster, std::string service,
                             bool dry_run);

}  // namespace engine
