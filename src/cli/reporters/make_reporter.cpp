#include "cli/reporters/make_reporter.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/reporters/github_reporter.h"
#include "cli/reporters/json_reporter.h"
#include "cli/reporters/plain_reporter.h"
#include "cli/reporters/tty_reporter.h"
#include "util/crypto.h"

namespace cli {

std::unique_ptr<CliReporter> make_reporter(const Terminal& terminal, OutputFormat output,
                                           const util::Env& env, util::Clock& clock, std::FILE* out,
                                           std::FILE* err, int width) {
  auto tee = std::make_unique<TeeReporter>();
  switch (terminal.style) {
    case ReporterStyle::GitHub:
      tee->add(std::make_unique<GitHubReporter>(
          err, clock,
          GitHubReporter::Files{env.get_nonempty("GITHUB_STEP_SUMMARY"),
                                env.get_nonempty("GITHUB_OUTPUT")},
          [] { return "ghadelimiter_" + util::uuid_v4(); }));
      break;
    case ReporterStyle::Tty:
      if (output == OutputFormat::Text) {
        // A terminal's width is asked again for every frame: it may be resized mid-rollout.
        tee->add(width > 0 ? std::make_unique<TtyReporter>(err, terminal.color, terminal_width)
                           : std::make_unique<TtyReporter>(err, terminal.color, width));
        break;
      }
      [[fallthrough]];
    case ReporterStyle::Plain:
      tee->add(std::make_unique<PlainReporter>(err, clock));
      break;
  }
  if (output == OutputFormat::Json) {
    tee->add(std::make_unique<JsonReporter>(out, clock));
  }
  return tee;
}

int terminal_width() {
  struct winsize ws {};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  return 0;
}

}  // namespace cli
