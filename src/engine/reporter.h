#pragma once
// Reporter: where the engine sends its events. The CLI implements it per output mode.

#include "engine/events.h"

namespace engine {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void on(const Event& event) = 0;
};

// Discards everything (library use, benchmarks).
class NullReporter final : public Reporter {
 public:
  void on(const Event&) override {}
};

}  // namespace engine
