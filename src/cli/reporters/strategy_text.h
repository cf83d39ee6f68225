#pragma once
// The wording of a service's deployment strategy in the plan (engine::StrategySummary): what a
// deployment will go through, how long it takes at least and at worst, and the warnings about
// the time it needs. Pure.

#include <chrono>
#include <string>
#include <vector>

#include "engine/strategy_plan.h"

namespace cli {

// "45 min", "6 h", "1 h 21 min", "2 d 0 h 30 min".
std::string minutes_text(std::chrono::minutes m);

// "PAUSE (timeout 60 min, then ROLLBACK)" or "Lambda smoke".
std::string stage_hook_text(const engine::StageHook& hook);

// One warning, with its hint: "the deployment takes at least 25 h, more than the 6 h a
// GitHub-hosted job may run; stop waiting earlier with --wait-until ...".
std::string strategy_warning_text(const engine::StrategySummary& summary,
                                  const engine::StrategyWarning& warning);

// The plan's lines for the strategy ("  strategy: BLUE_GREEN, bake 15 min", hooks, alarms,
// load balancer, duration, warnings). Empty when there is nothing to say beyond a plain
// rolling update.
std::vector<std::string> strategy_lines(const engine::StrategySummary& summary);

}  // namespace cli
