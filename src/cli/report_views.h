#pragma once
// Renderings of the read-only reports (status, history): text for people, one JSON object
// for --output json. Pure functions; results go to stdout.

#include <string>

#include "engine/history.h"
#include "engine/status.h"

namespace cli {

std::string status_text(const engine::StatusReport& report);
std::string status_json(const engine::StatusReport& report);  // one line + '\n'

std::string history_text(const engine::HistoryReport& report);
std::string history_json(const engine::HistoryReport& report);  // one line + '\n'

}  // namespace cli
