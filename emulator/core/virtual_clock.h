#pragma once
// VirtualClock: simulated wall time that runs `speed` times faster than real time, plus any
// explicit advance. Speed 0 freezes it (tests move it only with advance()). Every timestamp the
// emulator hands out comes from here; only SigV4's X-Amz-Date check uses real time, because
// clients sign with their own real clock.
#include <chrono>
#include <mutex>
#include <string>

namespace emulator {

class VirtualClock {
 public:
  // start_epoch: virtual time at construction (seconds since the Unix epoch).
  VirtualClock(double start_epoch, double speed);
  double now() const;  // epoch seconds
  void advance(double seconds);
  double speed() const { return m_speed; }

 private:
  using Steady = std::chrono::steady_clock;
  double m_start_epoch;
  double m_speed;
  Steady::time_point m_start_real;
  mutable std::mutex m_mutex;
  double m_offset = 0;
};

double real_epoch_now();

// `epoch_seconds` as UTC text in a strftime format ("%Y%m%dT%H%M%SZ" for X-Amz-Date,
// "%a, %d %b %Y %H:%M:%S GMT" for HTTP's Date, ISO 8601 for STS).
std::string format_utc(double epoch_seconds, const char* format);

}  // namespace emulator
