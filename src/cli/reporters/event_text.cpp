#include "cli/reporters/event_text.h"

#include <algorithm>
#include <ctime>
#include "cli/next_step_text.h"

#include "cli/reporters/next_step.h"
#include "cli/reporters/stage_text.h"
#include "engine/diff.h"
#include "util/time.h"

namespace cli {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

const char* severity_prefix(engine::Severity s) {
  switch (s) {
    case engine::Severity::Info:
      return "";
    case engine::Severity::Notice:
      return "notice: ";
    case engine::Severity::Warning:
      return "warning: ";
    case engine::Severity::Error:
      return "error: ";
  }
  return "";
}

std::vector<std::string> plan_lines(const engine::PlanReady& p) {
  std::vector<std::string> out;
  out.push_back("plan: " + p.command + " " + p.cluster + "/" + p.service +
                (p.dry_run ? " (dry run: nothing will be changed)" : ""));
  if (!p.current_task_definition.empty()) {
    std::string td = "  task definition: " + short_task_definition(p.current_task_definition);
    if (p.command == "deploy") {
      if (!p.reuse_revision) {
        td += " -> new revision of " + short_task_definition(p.base_task_definition);
      } else {
        // The reused revision is the family's latest, which is not always what runs now.
        if (!p.base_task_definition.empty() &&
            p.base_task_definition != p.current_task_definition) {
          td += " -> " + short_task_definition(p.base_task_definition);
        }
        td += " (image already at the tag: revision reused)";
      }
    } else if (!p.base_task_definition.empty() &&
               p.base_task_definition != p.current_task_definition) {
      td += " -> " + short_task_definition(p.base_task_definition);
    }
    out.push_back(td);
  }
  if (!p.new_image.empty() || !p.current_image.empty()) {
    std::string image = "  image";
    image += p.container.empty() ? "" : " (" + p.container + ")";
    image += ": " + p.current_image;
    if (p.new_image != p.current_image) {
      image += " -> " + p.new_image;
    }
    out.push_back(image);
  }
  if (p.current_desired != p.new_desired) {
    out.push_back("  desired count: " + std::to_string(p.current_desired) + " -> " +
                  std::to_string(p.new_desired));
  } else {
    out.push_back("  desired count: " + std::to_string(p.new_desired) + " (unchanged)");
  }
  for (const engine::DiffLine& d : p.diff) {
    out.push_back("  " + engine::diff_line_text(d));
  }
  return out;
}

// `tasks`: the ids of the group when several tasks stopped this way.
std::vector<std::string> evidence_lines(const engine::StoppedTaskEvidence& e,
                                        const std::vector<std::string>& tasks = {}) {
  std::vector<std::string> out;
  std::string head = tasks.size() > 1 ? std::to_string(tasks.size()) + " tasks stopped"
                                      : "stopped task " + short_task_id(e.task_arn);
  if (!e.task_definition_arn.empty()) {
    head += " (" + short_task_definition(e.task_definition_arn) + ")";
  }
  head += ": " + (e.stop_code.empty() ? std::string("stopped") : e.stop_code);
  if (!e.stopped_reason.empty()) {
    head += ": " + e.stopped_reason;
  }
  out.push_back(head);
  if (tasks.size() > 1) {
    std::string ids;
    for (const std::string& arn : tasks) {
      ids += (ids.empty() ? "" : ", ") + short_task_id(arn);
    }
    out.push_back("  tasks: " + ids);
  }
  for (const auto& c : e.containers) {
    std::string line = "  container " + c.name + ":";
    line += c.exit_code ? " exit code " + std::to_string(*c.exit_code) : " no exit code";
    if (!c.reason.empty() && c.reason != e.stopped_reason) {  // said once, on the task line
      line += ", " + c.reason;
    }
    out.push_back(line);
  }
  if (!e.log_tail.empty()) {
    out.push_back("  last " + std::to_string(e.log_tail.size()) + " log lines (" + e.log_group +
                  " " + e.log_stream + "):");
    for (const std::string& l : e.log_tail) {
      out.push_back("    | " + l);
    }
  } else if (!e.log_error.empty()) {
    out.push_back("  no log lines: " + e.log_error);
  } else if (!e.log_group.empty()) {
    out.push_back("  no log lines in " + e.log_group + " " + e.log_stream);
  }
  return out;
}

}  // namespace

std::vector<std::string> evidence_group_lines(const engine::EvidenceGroup& group) {
  return evidence_lines(group.sample, group.task_arns);
}

std::string repeated_evidence_line(const engine::EvidenceGroup& group) {
  return "stopped task " + short_task_id(group.task_arns.back()) + ": same as task " +
         short_task_id(group.sample.task_arn) + " (" + std::to_string(group.task_arns.size()) +
         " tasks so far)";
}

std::string short_task_definition(std::string_view arn) {
  auto slash = arn.rfind('/');
  if (arn.starts_with("arn:") && slash != std::string_view::npos) {
    return std::string(arn.substr(slash + 1));
  }
  return std::string(arn);
}

std::string short_task_id(std::string_view arn) {
  auto slash = arn.rfind('/');
  return std::string(slash == std::string_view::npos ? arn : arn.substr(slash + 1));
}

std::string format_clock(util::SystemTime t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

std::string progress_line(const engine::RolloutProgress& p) {
  std::string line = "rollout";
  if (!p.service_deployment_status.empty()) {
    line += " " + p.service_deployment_status;
  }
  line += ": running " + std::to_string(p.running) + "/" + std::to_string(p.desired) +
          ", pending " + std::to_string(p.pending);
  for (const engine::DeploymentRow& d : p.deployments) {
    line += " | " + d.status + " " + short_task_definition(d.task_definition) + " " +
            std::to_string(d.running) + "/" + std::to_string(d.desired);
    if (d.pending > 0) {
      line += " pending " + std::to_string(d.pending);
    }
    if (d.failed > 0) {
      line += " failed " + std::to_string(d.failed);
    }
    if (!d.rollout_state.empty()) {
      line += " " + d.rollout_state;
    }
  }
  return line;
}

std::vector<std::string> event_lines(const engine::Event& event) {
  return std::visit(
      Overloaded{
          [](const engine::Message& m) -> std::vector<std::string> {
            return {severity_prefix(m.severity) + message_text(m)};
          },
          [](const engine::PhaseStarted& p) -> std::vector<std::string> {
            return {"== " + (p.title.empty() ? p.phase : p.title)};
          },
          [](const engine::PhaseFinished& p) -> std::vector<std::string> {
            return {p.phase + (p.ok ? " done in " : " failed after ") +
                    util::format_duration(p.elapsed)};
          },
          [](const engine::PreflightCheck& c) -> std::vector<std::string> {
            const char* mark = c.skipped ? "skip" : (c.ok ? "ok  " : "FAIL");
            const std::string detail = check_detail(c);
            return {"  " + std::string(mark) + " " + c.name + (detail.empty() ? "" : ": ") +
                    detail};
          },
          [](const engine::PlanReady& p) { return plan_lines(p); },
          [](const engine::RevisionRegistered& r) -> std::vector<std::string> {
            return {"registered " + short_task_definition(r.task_definition_arn) + " (" + r.image +
                    ")"};
          },
          [](const engine::ServiceUpdated& u) -> std::vector<std::string> {
            std::string line = "service updated: " + short_task_definition(u.task_definition_arn) +
                               ", desired count " + std::to_string(u.desired_count);
            if (!u.deployment_id.empty()) {
              line += ", deployment " + u.deployment_id;
            }
            return {line};
          },
          [](const engine::RolloutProgress& p) -> std::vector<std::string> {
            return {progress_line(p)};
          },
          [](const engine::ServiceDeploymentProgress& p) -> std::vector<std::string> {
            return {stage_line(p)};
          },
          [](const engine::Settling& st) -> std::vector<std::string> {
            return {"settling: ECS completed the rollout; success once every task of " +
                    short_task_definition(st.task_definition_arn) + " has run " +
                    util::format_duration(st.window) + " (" + std::to_string(st.tasks) +
                    (st.tasks == 1 ? " task" : " tasks") + ", until " + format_clock(st.until) +
                    "; --settle changes the window)"};
          },
          [](const engine::ServiceEventSeen& e) -> std::vector<std::string> {
            return {"event " + format_clock(e.at) + " " + e.message};
          },
          [](const engine::StoppedTaskEvidence& e) { return evidence_lines(e); },
          [](const engine::Retrying& r) -> std::vector<std::string> {
            return {"retrying " + r.operation + " in " + util::format_duration(r.delay) +
                    " (attempt " + std::to_string(r.attempt) + "/" +
                    std::to_string(r.max_attempts) + " failed: " + r.reason + ")"};
          },
          [](const engine::RollbackStarted& r) -> std::vector<std::string> {
            return {"rolling back: " + r.reason,
                    "  " + short_task_definition(r.from_task_definition) + " -> " +
                        short_task_definition(r.to_task_definition) + " via " + r.method};
          },
          [](const engine::Finished& f) -> std::vector<std::string> {
            // "dry-run: dry run: ..." reads badly; drop the word when the summary has it.
            const std::string outcome = outcome_word(f.outcome, f.dry_run);
            const std::string summary = summary_text(f);
            std::string word = outcome;
            std::replace(word.begin(), word.end(), '-', ' ');
            if (summary.starts_with(word)) {
              return {with_next_step(f, summary)};
            }
            return {with_next_step(f, outcome + ": " + summary)};
          },
      },
      event);
}

bool progress_changed(const engine::Event& event, std::string& last_progress,
                      util::SystemTime& at) {
  const auto* p = std::get_if<engine::RolloutProgress>(&event);
  if (p == nullptr) {
    return true;
  }
  std::string line = progress_line(*p);
  if (line == last_progress) {
    return false;
  }
  last_progress = std::move(line);
  if (p->at.time_since_epoch().count() != 0) {
    at = p->at;
  }
  return true;
}

}  // namespace cli
