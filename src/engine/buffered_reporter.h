#pragma once
// BufferedReporter: keeps events from a step that runs on its own thread (the preflights of
// several services run in parallel) and replays them, in order, to the service's reporter once
// the step is done, so no reporter is ever called from two threads.

#include <mutex>
#include <vector>

#include "engine/reporter.h"

namespace engine {

class BufferedReporter final : public Reporter {
 public:
  void on(const Event& event) override {
    std::lock_guard lock(m_mutex);
    m_events.push_back(event);
  }
  void replay(Reporter& to) {
    std::lock_guard lock(m_mutex);
    for (const Event& e : m_events) {
      to.on(e);
    }
    m_events.clear();
  }

 private:
  std::mutex m_mutex;
  std::vector<Event> m_events;
};

}  // namespace engine
