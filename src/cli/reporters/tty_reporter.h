#pragma once
// TtyReporter: for a person at a terminal. Phases, checks and events scroll by; the rollout
// table stays at the bottom and is redrawn in place (ANSI cursor-up + clear) on every
// RolloutProgress, then left on screen when the wait ends. The table fits the terminal's width,
// asked again for every frame, so a narrow or resized terminal keeps an exact redraw.

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/reporters/cli_reporter.h"
#include "engine/evidence_groups.h"

namespace cli {

class TtyReporter final : public CliReporter {
 public:
  // `width`: terminal columns, asked before each frame; live lines are cut to fit so the redraw
  // stays exact (0: no cut).
  TtyReporter(std::FILE* err, bool color, std::function<int()> width)
      : m_err(err), m_color(color), m_width(std::move(width)) {}
  TtyReporter(std::FILE* err, bool color, int width)
      : TtyReporter(err, color, [width] { return width; }) {}
  void on(const engine::Event& event) override;

  // Pure: the live table for one snapshot (exposed for tests), without colour, its columns
  // chosen to fit `width` (0: all). Narrower, columns go in this order: PENDING, DESIRED,
  // DEPLOYMENT, RUNNING, REVISION; FAILED and ROLLOUT stay.
  static std::vector<std::string> table_lines(const engine::RolloutProgress& progress,
                                              int width = 0);

 private:
  std::vector<std::string> live_lines(int width) const;  // the rollout table, then the stages
  void erase_live();
  void draw_live();
  void print(const std::string& text, const char* color);
  std::string paint(const std::string& text, const char* color) const;

  std::FILE* m_err;
  bool m_color;
  std::function<int()> m_width;
  int m_drawn_width = 0;               // the width the table on screen was drawn for
  engine::RolloutProgress m_progress;  // the snapshot on screen, laid out again on a resize
  bool m_has_progress = false;
  std::optional<engine::ServiceDeploymentProgress> m_stages;  // a staged deployment's rows
  std::vector<std::string> m_live;  // table lines while a rollout is watched
  std::vector<const char*> m_live_colors;
  engine::EvidenceGrouper m_evidence;  // a task that stopped like an earlier one: one line
  size_t m_drawn = 0;                  // how many of them are on screen now
};

}  // namespace cli
