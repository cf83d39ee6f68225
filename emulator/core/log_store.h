#pragma once
// The CloudWatch Logs store shared by the Logs actions and by simulated containers.
#include <string>
#include <vector>

#include "core/state.h"

namespace emulator {

LogGroup* find_log_group(State& st, const std::string& account, const std::string& name);
LogGroup& create_log_group(State& st, const std::string& account, const std::string& name);
LogStream& ensure_log_stream(State& st, LogGroup& group, const std::string& name);
// Inserts keeping the stream ordered by timestamp (stable for equal timestamps).
void append_log_events(LogStream& stream, std::vector<LogEvent> events);

}  // namespace emulator
