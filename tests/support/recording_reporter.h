#pragma once
// RecordingReporter: keeps every engine event for tests to inspect.

#include <mutex>
#include <string>
#include <vector>

#include "engine/reporter.h"

namespace testing_support {

class RecordingReporter final : public engine::Reporter {
 public:
  void on(const engine::Event& event) override {
    std::lock_guard lock(m_mutex);
    m_events.push_back(event);
  }

  const std::vector<engine::Event>& events() const { return m_events; }

  // Every event of type T, in order.
  template <typename T>
  std::vector<T> all() const {
    std::vector<T> out;
    for (const auto& e : m_events) {
      if (const T* t = std::get_if<T>(&e)) {
        out.push_back(*t);
      }
    }
    return out;
  }

  template <typename T>
  bool has() const {
    return !all<T>().empty();
  }

  // One line per event ("PreflightCheck service ok ..."), for failure messages.
  std::string dump() const;

 private:
  std::mutex m_mutex;
  std::vector<engine::Event> m_events;
};

// A one-line description of an event.
std::string describe_event(const engine::Event& event);

}  // namespace testing_support
