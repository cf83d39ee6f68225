#pragma once
// JsonReporter: --output json. Records the run and, at the end, writes ONE JSON object on
// stdout (command, cluster, service, old/new task definition ARNs, images, desired counts,
// outcome, exit code, timings, errors, stopped-task evidence). Human progress is rendered by
// the plain or GitHub reporter beside it, on stderr.

#include <cstdio>
#include <string>
#include <string_view>

#include "cli/reporters/run_record.h"

namespace cli {

// Pure: the object for `result`, one line plus '\n'.
std::string result_json(const engine::OperationResult& result, const RunRecord& record);

// Pure: the object for a command that ended on `error` before any richer result (usage
// errors, failed read-only calls): command (null when unknown), outcome, exit_code, summary,
// error.
std::string failure_json(std::string_view command, engine::Outcome outcome,
                         const util::Error& error, const std::string& summary);

class JsonReporter final : public CliReporter {
 public:
  JsonReporter(std::FILE* out, util::Clock& clock) : m_out(out), m_record(clock) {}
  void on(const engine::Event& event) override { m_record.on(event); }
  void finish(const engine::OperationResult& result) override;

 private:
  std::FILE* m_out;
  RunRecord m_record;
};

}  // namespace cli
