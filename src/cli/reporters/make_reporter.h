#pragma once
// Picks the reporters for this run from the terminal detected once at start-up and the
// --output format.

#include <cstdio>
#include <memory>

#include "cli/global_options.h"
#include "cli/reporters/cli_reporter.h"
#include "cli/terminal.h"
#include "util/clock.h"
#include "util/env.h"

namespace cli {

// Text output: tty, plain or GitHub on stderr. JSON output: the same on stderr, but a TTY
// gets plain lines (the live table would interleave with a consumer's reading), plus the
// JSON object on stdout at the end. `width` is the terminal's column count (0 unknown).
std::unique_ptr<CliReporter> make_reporter(const Terminal& terminal, OutputFormat output,
                                           const util::Env& env, util::Clock& clock, std::FILE* out,
                                           std::FILE* err, int width);

// Columns of the terminal on stderr, 0 when unknown.
int terminal_width();

}  // namespace cli
