#include "cli/terminal.h"

namespace cli {

Terminal detect_terminal(bool stderr_is_tty, const util::Env& env, bool no_color_flag) {
  Terminal t;
  if (env.get_or("GITHUB_ACTIONS", "") == "true") {
    t.style = ReporterStyle::GitHub;
    return t;
  }
  const bool dumb = env.get_or("TERM", "") == "dumb";
  const bool ci = env.get_nonempty("CI").has_value() && env.get_or("CI", "") != "false";
  if (stderr_is_tty && !dumb && !ci) {
    t.style = ReporterStyle::Tty;
    t.color = !no_color_flag && !env.get_nonempty("NO_COLOR").has_value();
  }
  return t;
}

}  // namespace cli
