#include "util/clock.h"

#include <atomic>
#include <thread>

namespace util {

namespace {
std::atomic<bool> g_interrupted{false};
}

void request_interrupt() {
  g_interrupted.store(true);
}
bool interrupt_requested() {
  return g_interrupted.load();
}
void reset_interrupt_for_tests() {
  g_interrupted.store(false);
}

bool SystemClock::sleep_for(Duration d) {
  // Sleep in short slices so Ctrl-C is honoured within 50 ms.
  const auto deadline = std::chrono::steady_clock::now() + d;
  while (std::chrono::steady_clock::now() < deadline) {
    if (interrupt_requested()) {
      return false;
    }
    auto left = deadline - std::chrono::steady_clock::now();
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
  }
  return !interrupt_requested();
}

}  // namespace util
