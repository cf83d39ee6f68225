#include "services/logs_client.h"

#include <nlohmann/json.hpp>

#include "services/json_read.h"

namespace services {

using Json = nlohmann::ordered_json;

util::Result<std::vector<LogEvent>> LogsClient::tail(const std::string& group,
                                                     const std::string& stream, int lines) {
  Json input{{"logGroupName", group},
             {"logStreamName", stream},
             {"limit", lines},
             {"startFromHead", false}};
  auto r = m_client.call_json(aws::Service::Logs, "GetLogEvents", input);
  if (!r) {
    return r.take_error();
  }
  std::vector<LogEvent> out;
  for (const auto& e : json_read::array(*r, "events")) {
    LogEvent ev;
    const auto& ts = e.is_object() && e.contains("timestamp") ? e["timestamp"] : Json();
    ev.timestamp_ms = ts.is_number() ? ts.get<std::int64_t>() : 0;
    ev.message = json_read::str(e, "message");
    out.push_back(std::move(ev));
  }
  // startFromHead=false returns the newest page in chronological order; keep only the last N
  // in case a server ignores the limit.
  if (lines > 0 && out.size() > static_cast<size_t>(lines)) {
    out.erase(out.begin(), out.end() - lines);
  }
  return out;
}

}  // namespace services
