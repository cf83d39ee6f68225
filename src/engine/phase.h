#pragma once
// Small helpers shared by the engine operations: timed phases and the final event.

#include <chrono>
#include <string>

#include "engine/operation_result.h"
#include "engine/reporter.h"
#include "util/clock.h"

namespace engine {

// Emits PhaseStarted now and PhaseFinished on finish(); records the elapsed time.
class Phase {
 public:
  Phase(util::Clock& clock, Reporter& reporter, std::string name, std::string title);
  std::chrono::milliseconds finish(bool ok);

 private:
  util::Clock& m_clock;
  Reporter& m_reporter;
  std::string m_name;
  std::chrono::steady_clock::time_point m_start;
  bool m_done = false;
};

// Sets the summary, the next steps and the total time, emits Finished and returns the result.
OperationResult finish(Reporter& reporter, util::Clock& clock,
                       std::chrono::steady_clock::time_point start, OperationResult result,
                       std::string summary, Hints next = {});

// An OperationResult for an error before or outside the rollout.
OperationResult error_result(OperationResult base, const util::Error& error);

}  // namespace engine
