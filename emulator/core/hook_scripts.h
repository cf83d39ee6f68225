#pragma once
// Scripted outside world for the deployment machine: what each Lambda hook function answers
// and when alarms change state. Read from the scenario ("lambdaHooks", "alarms") and from
// POST /_emulator/faults (same keys); errors throw std::invalid_argument naming the path.
#include <string>

#include "core/state.h"

namespace emulator {

// {"<function ARN>": [{"hookStatus": "IN_PROGRESS", "callBackDelay": 20}, {"error": "..."}]}
// replaces the scripts of the functions it names and restarts their call counts.
void load_lambda_scripts(State& st, const Json& doc, const std::string& path);
// [{"name", "account"?, "state"?, "script": [{"atSeconds": N | "whenImageRuns": IMAGE,
// "state"?}]}]: creates the alarms (state OK unless given) and queues their scripts; atSeconds
// count from `now`.
void load_alarm_scripts(State& st, const Json& doc, const std::string& path, double now);

}  // namespace emulator
