#include "cli/reporters/plain_reporter.h"

#include "cli/reporters/event_text.h"

namespace cli {

void PlainReporter::on(const engine::Event& event) {
  util::SystemTime at = m_clock.now();
  if (const auto* p = std::get_if<engine::RolloutProgress>(&event)) {
    std::string line = progress_line(*p);
    if (line == m_last_progress) {
      return;
    }
    m_last_progress = line;
    if (p->at.time_since_epoch().count() != 0) {
      at = p->at;
    }
  }
  const std::string stamp = "[" + format_clock(at) + "] ";
  for (const std::string& line : event_lines(event)) {
    std::fprintf(m_err, "%s%s\n", stamp.c_str(), line.c_str());
  }
  std::fflush(m_err);
}

}  // namespace cli
