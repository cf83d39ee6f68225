#pragma once
// Terminal detection, done once per run (contributing.md, principle 11): which reporter renders
// progress on stderr and whether it may use colour.

#include "util/env.h"

namespace cli {

enum class ReporterStyle {
  Tty,     // live-updating table, redrawn in place
  Plain,   // timestamped lines, one per change (CI logs, pipes, TERM=dumb)
  GitHub,  // plain + ::group::/::error:: workflow commands, step summary and outputs
};

struct Terminal {
  ReporterStyle style = ReporterStyle::Plain;
  bool color = false;
};

// Pure: `stderr_is_tty` is isatty(2), measured by the caller. GITHUB_ACTIONS=true wins; a
// TTY becomes the live view unless TERM=dumb or CI is set; colour needs the live view and
// neither NO_COLOR (any non-empty value, no-color.org) nor --no-color.
Terminal detect_terminal(bool stderr_is_tty, const util::Env& env, bool no_color_flag);

}  // namespace cli
