#include "engine/phase.h"

namespace engine {

Phase::Phase(util::Clock& clock, Reporter& reporter, std::string name, std::string title)
    : m_clock(clock), m_reporter(reporter), m_name(std::move(name)), m_start(clock.steady_now()) {
  m_reporter.on(PhaseStarted{m_name, std::move(title)});
}

std::chrono::milliseconds Phase::finish(bool ok) {
  auto elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.steady_now() - m_start);
  if (!m_done) {
    m_done = true;
    m_reporter.on(PhaseFinished{m_name, ok, elapsed});
  }
  return elapsed;
}

OperationResult finish(Reporter& reporter, util::Clock& clock,
                       std::chrono::steady_clock::time_point start, OperationResult result,
                       std::string summary, Hints next) {
  result.summary = std::move(summary);
  result.next = std::move(next);
  result.timings.total =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.steady_now() - start);
  reporter.on(Finished{result.outcome, result.dry_run, result.summary, result.next, result.command,
                       result.cluster, result.service});
  return result;
}

OperationResult error_result(OperationResult base, const util::Error& error) {
  base.outcome = error.kind == util::ErrorKind::InvalidInput ? Outcome::InvalidInput
                 : error.kind == util::ErrorKind::Cancelled  ? Outcome::Interrupted
                                                             : Outcome::Error;
  base.error = error;
  return base;
}

}  // namespace engine
