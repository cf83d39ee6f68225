#pragma once
// GitHubReporter: GITHUB_ACTIONS=true. Plain lines, plus workflow commands: ::group:: per
// phase, ::error:: / ::warning:: annotations; at the end a Markdown summary appended to
// $GITHUB_STEP_SUMMARY and the step outputs task-definition-arn (what the service runs after
// the command), deployed-task-definition-arn, previous-task-definition-arn, image and outcome
// appended to $GITHUB_OUTPUT.

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/reporters/plain_reporter.h"
#include "cli/reporters/run_record.h"
#include "cli/workflow_commands.h"
#include "engine/evidence_groups.h"

namespace cli {

// Pure: the step summary (Markdown) for one operation.
std::string step_summary_markdown(const engine::OperationResult& result, const RunRecord& record);

// Pure: name<<DELIM / value / DELIM blocks, safe for multi-line values. `delimiter` makes a
// fresh random delimiter; one that occurs in a value is replaced.
std::string github_output_lines(const std::vector<std::pair<std::string, std::string>>& outputs,
                                const std::function<std::string()>& delimiter);

// Pure: the log line to put in an annotation: the last one that reads like an error, else the
// last non-blank one.
std::string most_telling_log_line(const std::vector<std::string>& tail);

// Pure: the ::error annotation for one way of dying: revision, container and exit code in the
// title; stop code, reason and the most telling log line in the message.
std::string evidence_annotation(const engine::StoppedTaskEvidence& evidence);

class GitHubReporter final : public CliReporter {
 public:
  struct Files {
    std::optional<std::string> step_summary;  // $GITHUB_STEP_SUMMARY
    std::optional<std::string> output;        // $GITHUB_OUTPUT
  };
  GitHubReporter(std::FILE* err, util::Clock& clock, Files files,
                 std::function<std::string()> delimiter);
  void on(const engine::Event& event) override;
  void finish(const engine::OperationResult& result) override;

 private:
  void command(const std::string& line);
  void close_group();

  std::FILE* m_err;
  PlainReporter m_plain;
  RunRecord m_record;
  Files m_files;
  std::function<std::string()> m_delimiter;
  bool m_group_open = false;
  engine::EvidenceGrouper m_evidence;  // one annotation per way of dying
};

}  // namespace cli
