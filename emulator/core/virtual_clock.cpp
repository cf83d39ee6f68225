#include "core/virtual_clock.h"

#include <ctime>

namespace emulator {

VirtualClock::VirtualClock(double start_epoch, double speed)
    : m_start_epoch(start_epoch), m_speed(speed), m_start_real(Steady::now()) {}

double VirtualClock::now() const {
  std::chrono::duration<double> real = Steady::now() - m_start_real;
  std::lock_guard<std::mutex> lock(m_mutex);
  return m_start_epoch + real.count() * m_speed + m_offset;
}

void VirtualClock::advance(double seconds) {
  std::lock_guard<std::mutex> lock(m_mutex);
  if (seconds > 0) {
    m_offset += seconds;
  }
}

double real_epoch_now() {
  std::chrono::duration<double> d = std::chrono::system_clock::now().time_since_epoch();
  return d.count();
}

std::string format_utc(double epoch_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof(buf), format, &tm);
  return buf;
}

}  // namespace emulator
