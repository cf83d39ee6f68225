#include "cli/signals.h"

#include <signal.h>

#include "util/clock.h"

namespace cli {

namespace {

// Only async-signal-safe work: a lock-free atomic store.
void on_interrupt(int /*signal*/) {
  util::request_interrupt();
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: the second signal gets the default action and ends the process. No
  // SA_RESTART, so a blocking wait wakes up.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace cli
