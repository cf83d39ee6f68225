#include "core/request_log.h"

#include <cmath>

namespace emulator {

void RequestLog::add(RequestLogEntry entry) {
  entry.seq = m_next_seq++;
  m_entries.push_back(std::move(entry));
  while (m_entries.size() > k_capacity) {
    m_entries.pop_front();
  }
}

Json RequestLog::to_json(long long since) const {
  Json list = Json::array();
  for (const auto& e : m_entries) {
    if (e.seq <= since) {
      continue;
    }
    Json j = {{"seq", e.seq},         {"time", std::round(e.time * 1000) / 1000},
              {"service", e.service}, {"operation", e.operation},
              {"caller", e.caller},   {"status", e.status}};
    if (!e.error.empty()) {
      j["error"] = e.error;
    }
    if (!e.fault.empty()) {
      j["fault"] = e.fault;
    }
    list.push_back(std::move(j));
  }
  return {{"requests", list}, {"lastSeq", m_next_seq - 1}};
}

void RequestLog::clear() {
  m_entries.clear();
}

}  // namespace emulator
