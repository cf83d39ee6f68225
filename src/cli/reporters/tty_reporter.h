#pragma once
// TtyReporter: for a person at a terminal. Phases, checks and events scroll by; the rollout
// table stays at the bottom and is redrawn in place (ANSI cursor-up + clear) on every
// RolloutProgress, then left on screen when the wait ends.

#include <cstdio>
#include <string>
#include <vector>

#include "cli/reporters/cli_reporter.h"
#include "engine/evidence_groups.h"

namespace cli {

class TtyReporter final : public CliReporter {
 public:
  // `width`: terminal columns; live lines are cut to fit so the redraw stays exact (0: no cut).
  TtyReporter(std::FILE* err, bool color, int width) : m_err(err), m_color(color), m_width(width) {}
  void on(const engine::Event& event) override;

  // Pure: the live table for one snapshot (exposed for tests), without colour.
  static std::vector<std::string> table_lines(const engine::RolloutProgress& progress);

 private:
  void erase_live();
  void draw_live();
  void print(const std::string& text, const char* color);
  std::string paint(const std::string& text, const char* color) const;

  std::FILE* m_err;
  bool m_color;
  int m_width;
  std::vector<std::string> m_live;  // table lines while a rollout is watched
  std::vector<const char*> m_live_colors;
  engine::EvidenceGrouper m_evidence;  // a task that stopped like an earlier one: one line
  size_t m_drawn = 0;                  // how many of them are on screen now
};

}  // namespace cli
