#include "core/log_store.h"

#include <algorithm>

namespace emulator {

LogGroup* find_log_group(State& st, const std::string& account, const std::string& name) {
  auto acct = st.log_groups.find(account);
  if (acct == st.log_groups.end()) {
    return nullptr;
  }
  auto it = acct->second.find(name);
  return it == acct->second.end() ? nullptr : &it->second;
}

LogGroup& create_log_group(State& st, const std::string& account, const std::string& name) {
  LogGroup& g = st.log_groups[account][name];
  if (g.name.empty()) {
    g.name = name;
    g.arn = st.arn("logs", account, "log-group:" + name + ":*");
    g.created_at = st.now();
  }
  return g;
}

LogStream& ensure_log_stream(State& st, LogGroup& group, const std::string& name) {
  LogStream& s = group.streams[name];
  if (s.name.empty()) {
    s.name = name;
    s.created_at = st.now();
  }
  return s;
}

void append_log_events(LogStream& stream, std::vector<LogEvent> events) {
  for (auto& e : events) {
    auto pos = std::upper_bound(
        stream.events.begin(), stream.events.end(), e.timestamp,
        [](long long ts, const LogEvent& existing) { return ts < existing.timestamp; });
    stream.events.insert(pos, std::move(e));
  }
}

}  // namespace emulator
