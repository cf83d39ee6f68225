#pragma once
// Clock: the only source of time and sleep. Tests inject a manual clock so nothing really
// sleeps (contributing.md, principle 3).

#include <chrono>

namespace util {

using SystemTime = std::chrono::system_clock::time_point;
using Duration = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (used for signing and timestamps).
  virtual SystemTime now() const = 0;
  // Monotonic time for deadlines and intervals.
  virtual std::chrono::steady_clock::time_point steady_now() const = 0;
  // Sleep for d. Returns false if the sleep was interrupted (e.g. SIGINT).
  virtual bool sleep_for(Duration d) = 0;
};

class SystemClock final : public Clock {
 public:
  SystemTime now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::now();
  }
  bool sleep_for(Duration d) override;
};

// Process-wide interruption flag, set by the CLI's SIGINT handler; sleeps wake early.
void request_interrupt();
bool interrupt_requested();
void reset_interrupt_for_tests();

}  // namespace util
