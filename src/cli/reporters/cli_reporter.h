#pragma once
// CliReporter: an engine::Reporter that also gets the operation's final result, after the
// engine returns, to write whatever belongs at the very end (JSON object, step summary).

#include <memory>
#include <vector>

#include "engine/operation_result.h"
#include "engine/reporter.h"

namespace cli {

class CliReporter : public engine::Reporter {
 public:
  virtual void finish(const engine::OperationResult& result) { (void)result; }
};

// Sends every event and the result to each reporter in order.
class TeeReporter final : public CliReporter {
 public:
  void add(std::unique_ptr<CliReporter> reporter) { m_reporters.push_back(std::move(reporter)); }
  void on(const engine::Event& event) override {
    for (auto& r : m_reporters) {
      r->on(event);
    }
  }
  void finish(const engine::OperationResult& result) override {
    for (auto& r : m_reporters) {
      r->finish(result);
    }
  }

 private:
  std::vector<std::unique_ptr<CliReporter>> m_reporters;
};

}  // namespace cli
