#pragma once
// PlainReporter: one timestamped line per change, no colour, no cursor movement, no
// spinner. For CI logs, pipes and TERM=dumb; also the stderr half of --output json.

#include <cstdio>
#include <string>

#include "cli/reporters/cli_reporter.h"
#include "engine/evidence_groups.h"
#include "util/clock.h"

namespace cli {

class PlainReporter final : public CliReporter {
 public:
  PlainReporter(std::FILE* err, util::Clock& clock) : m_err(err), m_clock(clock) {}
  void on(const engine::Event& event) override;

 private:
  std::FILE* m_err;
  util::Clock& m_clock;
  std::string m_last_progress;         // a snapshot equal to the last one prints nothing
  engine::EvidenceGrouper m_evidence;  // a task that stopped like an earlier one: one line
};

}  // namespace cli
