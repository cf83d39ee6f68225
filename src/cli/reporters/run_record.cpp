#include "cli/reporters/run_record.h"

#include "cli/next_step_text.h"
#include "cli/reporters/event_text.h"
#include "cli/reporters/stage_text.h"

namespace cli {

void RunRecord::add(util::SystemTime at, std::string text) {
  m_timeline.push_back({at, std::move(text)});
}

void RunRecord::on(const engine::Event& event) {
  const util::SystemTime now = m_clock.now();
  if (const auto* p = std::get_if<engine::RolloutProgress>(&event)) {
    std::string line = progress_line(*p);
    if (line != m_last_progress) {
      m_last_progress = line;
      add(p->at.time_since_epoch().count() != 0 ? p->at : now, std::move(line));
    }
  } else if (const auto* sd = std::get_if<engine::ServiceDeploymentProgress>(&event)) {
    const util::SystemTime at = sd->at.time_since_epoch().count() != 0 ? sd->at : now;
    add(at, stage_line(*sd));
    const bool moved = m_stages.empty() || m_stages.back().stage != sd->stage ||
                       m_stages.back().production_weight != sd->target.production_weight ||
                       m_stages.back().status != sd->status;
    if (moved && !sd->stage.empty()) {
      m_stages.push_back(
          {sd->stage, sd->stage_since.value_or(at), sd->target.production_weight, sd->status});
    }
  } else if (const auto* e = std::get_if<engine::ServiceEventSeen>(&event)) {
    add(e->at, "service event: " + e->message);
  } else if (const auto* c = std::get_if<engine::PreflightCheck>(&event)) {
    if (!c->ok && !c->skipped) {
      m_failed_checks.push_back(*c);
    }
  } else if (const auto* plan = std::get_if<engine::PlanReady>(&event)) {
    m_plan = *plan;
  } else if (const auto* ev = std::get_if<engine::StoppedTaskEvidence>(&event)) {
    m_evidence.push_back(*ev);
    add(now, event_lines(event).front());
  } else if (const auto* m = std::get_if<engine::Message>(&event)) {
    if (m->severity == engine::Severity::Error) {
      m_errors.push_back(message_text(*m));
      add(now, "error: " + message_text(*m));
    } else if (m->severity == engine::Severity::Warning) {
      add(now, "warning: " + message_text(*m));
    }
  } else if (const auto* r = std::get_if<engine::RollbackStarted>(&event)) {
    m_rollback = *r;
    add(now, event_lines(event).front());
  } else if (std::holds_alternative<engine::PhaseStarted>(event) ||
             std::holds_alternative<engine::PhaseFinished>(event) ||
             std::holds_alternative<engine::RevisionRegistered>(event) ||
             std::holds_alternative<engine::ServiceUpdated>(event) ||
             std::holds_alternative<engine::Settling>(event) ||
             std::holds_alternative<engine::Finished>(event)) {
    add(now, event_lines(event).front());
  }
  // Retrying is left out of the record: transient noise, already in the live log.
}

}  // namespace cli
