#pragma once
// Renderings of status's "recently stopped tasks" section: text lines for people, a JSON
// array for scripts. Pure functions.

#include <nlohmann/json.hpp>
#include <string>

#include "engine/status_stopped.h"

namespace cli {

// "3 tasks of web:7 stopped: Essential container in task exited; app exit 1"
std::string stopped_group_headline(const engine::StoppedTaskGroup& group);

// The section as text (ends with '\n'); empty when status did not look (--stopped 0).
std::string stopped_tasks_text(const engine::StoppedTasksSection& section);

// One object per group, newest first.
nlohmann::ordered_json stopped_tasks_json(const engine::StoppedTasksSection& section);

}  // namespace cli
