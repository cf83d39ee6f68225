#pragma once
// status: what the service runs now (read-only).

#include <optional>
#include <string>
#include <vector>

#include "engine/clients.h"
#include "engine/events.h"
#include "engine/status_stopped.h"
#include "util/result.h"

namespace engine {

struct StatusOptions {
  std::string cluster;
  std::string service;
  int event_count = 10;
  int stopped_count = 5;       // recently stopped tasks to look at; 0 makes no call
  int stopped_log_lines = 20;  // log lines shown per group of stopped tasks
};

struct ContainerImageRow {
  std::string container;
  std::string image;
};

struct ServiceDeploymentRow {
  std::string arn;
  std::string status;
  std::string status_reason;
  std::string target_task_definition;  // empty when unknown
  std::optional<util::SystemTime> started_at;
  std::optional<util::SystemTime> finished_at;
  // Strategy, stage, task counts and traffic weights of the target and source revisions,
  // hooks and alarms, for a deployment with lifecycle stages or alarms (nullopt otherwise).
  std::optional<ServiceDeploymentProgress> stages;
};

// One look at a service deployment as the watch shows it (stage_watch.h), without what only
// a watch can know: when the stage began, when a bake ends, at which stage a finished hook ran.
// nullopt for a plain rolling deployment without hooks or alarms.
std::optional<ServiceDeploymentProgress> stage_snapshot(
    const services::ServiceDeployment& deployment, const services::Service& service);

struct StatusReport {
  std::string cluster;
  std::string service;
  std::string status;  // ACTIVE, DRAINING, INACTIVE
  int desired = 0;
  int running = 0;
  int pending = 0;
  std::string task_definition;
  std::vector<ContainerImageRow> images;
  std::vector<DeploymentRow> deployments;
  std::vector<ServiceEventSeen> events;  // newest first
  std::optional<ServiceDeploymentRow> current_service_deployment;
  std::optional<int> remembered_desired_count;  // ecsdeploy:previous-desired-count
  StoppedTasksSection stopped_tasks;
};

util::Result<StatusReport> status(const Clients& clients, const StatusOptions& options);

}  // namespace engine
