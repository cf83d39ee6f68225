#include "cli/reporters/plain_reporter.h"

#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"

namespace cli {

void PlainReporter::on(const engine::Event& event) {
  util::SystemTime at = m_clock.now();
  if (!progress_changed(event, m_last_progress, at)) {
    return;
  }
  const std::string stamp = "[" + format_clock(at) + "] ";
  std::vector<std::string> lines = event_lines(event);
  if (const auto* e = std::get_if<engine::StoppedTaskEvidence>(&event)) {
    bool is_new = false;
    const engine::EvidenceGroup& group = m_evidence.add(*e, &is_new);
    if (!is_new) {
      lines = {repeated_evidence_line(group)};
    }
  }
  for (const std::string& line : lines) {
    std::fprintf(m_err, "%s\n", printable_line(stamp + line).c_str());
  }
  std::fflush(m_err);
}

}  // namespace cli
