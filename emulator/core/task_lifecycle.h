#pragma once
// One task's life on the virtual clock: PROVISIONING → PENDING → ACTIVATING → RUNNING
// (→ HEALTHY) and DEACTIVATING → STOPPING → STOPPED. Its fate (healthy, pull failure, missing
// secret, crash, failing health check) is decided at launch from the images' behaviour.
// These functions are the only writers of a task's status and timings; each ends with
// State::task_changed so the state's task indexes stay current.
#include <string>

#include "core/state.h"

namespace emulator {

enum class TaskChange { None, BecameHealthy, Failed };

Task& launch_task(State& st, Service& svc, const Deployment& dep, double now);
// Steps the task to `now`; reports the transition the scheduler cares about.
TaskChange advance_task(State& st, Task& task, double now);
// Scheduler- or user-initiated stop of a live task.
void stop_task(State& st, Task& task, double now, const std::string& stop_code,
               const std::string& reason);
bool is_alive(const Task& task);  // desiredStatus RUNNING
bool counts_as_healthy(const Task& task, double now);
bool is_pending(const Task& task);  // PROVISIONING | PENDING | ACTIVATING while wanted
// Seeds an already running, healthy task (scenario services start steady).
Task& seed_running_task(State& st, Service& svc, const Deployment& dep, double now);

}  // namespace emulator
