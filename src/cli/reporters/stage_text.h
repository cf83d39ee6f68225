#pragma once
// The wording of a staged deployment's progress (engine::ServiceDeploymentProgress): one line
// per change for CI logs and the record, a few lines for the live TTY table. Pure.

#include <string>
#include <vector>

#include "engine/events.h"

namespace cli {

// "12.5%"; "-" when not reported.
std::string weight_text(const std::optional<double>& weight);

// "BLUE_GREEN IN_PROGRESS at BAKE_TIME since 12:00:05, bake until 12:15:05 | web:5 2/2
// test 100% production 100% | web:4 2/2 production 0% | PAUSE hook h-1 SUCCEEDED | alarms
// MONITORING (web-5xx)".
std::string stage_line(const engine::ServiceDeploymentProgress& p);

// The same for the live table: a heading, one row per revision, one per hook, alarms and the
// circuit breaker when they are watched.
std::vector<std::string> stage_table_lines(const engine::ServiceDeploymentProgress& p);

// "stage BAKE_TIME at 12:00:05" when the stage differs from `previous` ("" for the first).
std::string stage_transition(const engine::ServiceDeploymentProgress& p,
                             const std::string& previous);

}  // namespace cli
