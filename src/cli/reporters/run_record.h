#pragma once
// RunRecord: what happened during one operation, kept for the reports written at the end
// (the --output json object and the GitHub step summary): a deduplicated timeline, the
// failed preflight checks, the plan and the stopped-task evidence.

#include <optional>
#include <string>
#include <vector>

#include "cli/reporters/cli_reporter.h"
#include "util/clock.h"

namespace cli {

struct TimelineEntry {
  util::SystemTime at;
  std::string text;
};

// A lifecycle stage of a staged deployment as first seen (ECS's clock), with the production
// traffic weight of the new revision then.
struct StageMark {
  std::string stage;
  util::SystemTime at;
  std::optional<double> production_weight;
  std::string status;
};

class RunRecord final : public CliReporter {
 public:
  explicit RunRecord(util::Clock& clock) : m_clock(clock) {}
  void on(const engine::Event& event) override;

  const std::vector<TimelineEntry>& timeline() const { return m_timeline; }
  const std::vector<engine::PreflightCheck>& failed_checks() const { return m_failed_checks; }
  const std::vector<engine::StoppedTaskEvidence>& evidence() const { return m_evidence; }
  const std::vector<std::string>& errors() const { return m_errors; }  // error messages seen
  const std::optional<engine::PlanReady>& plan() const { return m_plan; }
  const std::optional<engine::RollbackStarted>& rollback() const { return m_rollback; }
  // Stage changes and traffic steps of a staged deployment, in order.
  const std::vector<StageMark>& stages() const { return m_stages; }

 private:
  void add(util::SystemTime at, std::string text);

  util::Clock& m_clock;
  std::vector<TimelineEntry> m_timeline;
  std::vector<engine::PreflightCheck> m_failed_checks;
  std::vector<engine::StoppedTaskEvidence> m_evidence;
  std::vector<std::string> m_errors;
  std::optional<engine::PlanReady> m_plan;
  std::optional<engine::RollbackStarted> m_rollback;
  std::string m_last_progress;
  std::vector<StageMark> m_stages;
};

}  // namespace cli
