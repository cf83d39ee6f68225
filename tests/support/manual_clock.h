#pragma once
// ManualClock: time moves only when a test (or a sleep) moves it; sleeps return at once.

#include <vector>

#include "util/clock.h"

namespace testing_support {

class ManualClock final : public util::Clock {
 public:
  explicit ManualClock(util::SystemTime start = util::SystemTime{std::chrono::seconds{
                           1'700'000'000}})
      : m_now(start) {}
  util::SystemTime now() const override { return m_now; }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point{m_now.time_since_epoch()};
  }
  bool sleep_for(util::Duration d) override {
    m_sleeps.push_back(d);
    m_now += d;
    return true;
  }
  void advance(util::Duration d) { m_now += d; }
  const std::vector<util::Duration>& sleeps() const { return m_sleeps; }

 private:
  util::SystemTime m_now;
  std::vector<util::Duration> m_sleeps;
};

}  // namespace testing_support
