#include "cli/reporters/github_reporter.h"

#include <cctype>

#include "util/time.h"

#include "cli/reporters/stage_text.h"
#include "engine/stage_watch.h"

#include "cli/next_step_text.h"
#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"
#include "cli/reporters/next_step.h"
#include "cli/reporters/strategy_text.h"
#include "cli/workflow_commands.h"
#include "engine/evidence_groups.h"
#include "engine/outcome.h"
#include "util/strings.h"

namespace cli {

namespace {

std::string count(const std::optional<int>& v) {
  return v ? std::to_string(*v) : "-";
}

void evidence_markdown(std::string& md, const engine::EvidenceGroup& group) {
  const std::vector<std::string> lines = evidence_group_lines(group);
  md += "<details><summary>" + html_text(lines.front()) + "</summary>\n\n";
  md += "```text\n";
  for (const std::string& line : lines) {
    std::string safe = printable_line(line);
    for (size_t p; (p = safe.find("```")) != std::string::npos;) {
      safe.replace(p, 3, "'''");  // a fence inside a log line would end the block
    }
    md += safe + "\n";
  }
  md += "```\n\n</details>\n\n";
}

// What the service runs once the command is over: the new revision after a success, the old
// one again after a rollback, the old one when nothing was changed.
std::string running_after(const engine::OperationResult& r) {
  return !r.running_task_definition.empty() ? r.running_task_definition
                                            : r.previous_task_definition;
}

// The plan's strategy lines as a list under their own heading (nothing for a plain rolling
// service).
std::string strategy_markdown(const engine::StrategySummary& summary) {
  const std::vector<std::string> lines = strategy_lines(summary);
  if (lines.empty()) {
    return {};
  }
  std::string md = "#### Deployment strategy\n\n";
  for (const std::string& line : lines) {
    md += "- " + markdown_text(line.substr(line.find_first_not_of(' '))) + "\n";
  }
  return md + "\n";
}

}  // namespace

std::string most_telling_log_line(const std::vector<std::string>& tail) {
  static const char* const k_words[] = {"error",  "exception", "fatal",     "panic",  "refused",
                                        "denied", "failed",    "not found", "cannot", "timeout"};
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
    const std::string lower = util::to_lower(*it);
    for (const char* w : k_words) {
      if (lower.find(w) != std::string::npos) {
        return *it;
      }
    }
  }
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
    if (it->find_first_not_of(" \t") != std::string::npos) {
      return *it;
    }
  }
  return {};
}

std::string evidence_annotation(const engine::StoppedTaskEvidence& e) {
  std::string title = "Task stopped: " + short_task_definition(e.task_definition_arn);
  for (const auto& c : e.containers) {
    if (c.exit_code && *c.exit_code != 0) {
      title += " container " + c.name + " exit " + std::to_string(*c.exit_code);
      break;
    }
  }
  std::string message = e.stop_code.empty() ? std::string("stopped") : e.stop_code;
  if (!e.stopped_reason.empty()) {
    message += ": " + e.stopped_reason;
  }
  std::string line = most_telling_log_line(e.log_tail);
  if (!line.empty()) {
    message += "\nlog: " + line;
  } else if (!e.log_error.empty()) {
    message += "\n(no log lines: " + e.log_error + ")";
  }
  return "::error title=" + escape_workflow_property(title) + "::" + escape_workflow_data(message);
}

// Stage names come from AWS: only the characters of ECS's enum reach the Mermaid source.
std::string mermaid_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_') ? c : '_';
  }
  return out.empty() ? "stage" : out;
}

std::string mermaid_time(util::SystemTime t) {
  std::string iso = util::format_iso8601(t);  // 2026-12-03T11:34:44Z
  if (iso.size() >= 19) {
    iso = iso.substr(0, 10) + " " + iso.substr(11, 8);
  }
  return iso;
}

// A staged deployment's stages: a Mermaid gantt GitHub draws, then the same as a table with
// the new revision's share of production traffic at each step.
std::string stages_markdown(const RunRecord& record) {
  const std::vector<StageMark>& marks = record.stages();
  if (marks.empty()) {
    return {};
  }
  util::SystemTime end = marks.back().at + std::chrono::seconds(1);
  if (!record.timeline().empty()) {
    end = std::max(end, record.timeline().back().at);
  }
  std::string md =
      "#### Deployment stages\n\n```mermaid\ngantt\n  dateFormat YYYY-MM-DD HH:mm:ss\n"
      "  axisFormat %H:%M:%S\n  section stages\n";
  for (size_t i = 0; i < marks.size(); ++i) {
    const util::SystemTime until = i + 1 < marks.size() ? marks[i + 1].at : end;
    std::string label = mermaid_name(marks[i].stage);
    if (marks[i].production_weight) {
      label += " " + std::to_string(static_cast<int>(*marks[i].production_weight + 0.5)) + " pct";
    }
    md += "  " + label + " :s" + std::to_string(i) + ", " + mermaid_time(marks[i].at) + ", " +
          mermaid_time(std::max(until, marks[i].at + std::chrono::seconds(1))) + "\n";
  }
  md +=
      "```\n\n| Time (UTC) | Stage | Status | Production traffic on the new revision |\n"
      "|---|---|---|---|\n";
  for (const StageMark& m : marks) {
    md += "| " + format_clock(m.at) + " | " + markdown_code(m.stage) + " | " +
          markdown_text(m.status) + " | " + weight_text(m.production_weight) + " |\n";
  }
  return md + "\n";
}

std::string step_summary_markdown(const engine::OperationResult& r, const RunRecord& record) {
  const bool ok = engine::successful(r.outcome);
  std::string md = "### ecsdeploy " + r.command + " " + markdown_text(r.cluster) + "/" +
                   markdown_text(r.service) + ": " + (ok ? "\u2705 " : "\u274c ") +
                   engine::to_string(r.outcome) + (r.dry_run ? " (dry run)" : "") + "\n\n";
  if (!r.summary.empty()) {
    md += markdown_text(summary_text(r)) + "\n\n";
  }
  md += "| | Before | After |\n|---|---|---|\n";
  md += "| Task definition | " + markdown_code(short_task_definition(r.previous_task_definition)) +
        " | " + markdown_code(short_task_definition(r.task_definition)) + " |\n";
  md += "| Image | " + markdown_code(r.previous_image) + " | " + markdown_code(r.image) + " |\n";
  md += "| Desired count | " + count(r.previous_desired_count) + " | " + count(r.desired_count) +
        " |\n";
  if (!r.running_task_definition.empty() && r.running_task_definition != r.task_definition) {
    md += "| Running now | | " + markdown_code(short_task_definition(r.running_task_definition)) +
          " |\n";
  }
  md += "\n";
  if (record.plan() && record.plan()->strategy) {
    md += strategy_markdown(*record.plan()->strategy);
  }
  if (!r.problems.empty() || !record.failed_checks().empty()) {
    md += "#### Preflight problems\n\n";
    for (const std::string& p : r.problems) {
      md += "- " + markdown_text(p) + "\n";
    }
    if (r.problems.empty()) {
      for (const auto& c : record.failed_checks()) {
        md += "- **" + markdown_text(c.name) + "**: " + markdown_text(check_detail(c)) + "\n";
      }
    }
    md += "\n";
  }
  if (!r.failure_reason.empty()) {
    md += "**Failure:** " + markdown_text(r.failure_reason) + "\n\n";
  }
  if (r.error) {
    md += "**Error:** " + markdown_text(r.error->describe()) + "\n\n";
  }
  // The evidence first: on a failure it is what the reader came for.
  if (!record.evidence().empty()) {
    md += "#### Failure evidence\n\n";
    for (const engine::EvidenceGroup& group : engine::group_evidence(record.evidence())) {
      evidence_markdown(md, group);
    }
  }
  md += stages_markdown(record);
  if (!record.timeline().empty()) {
    md += "#### Rollout timeline\n\n| Time (UTC) | Event |\n|---|---|\n";
    for (const TimelineEntry& t : record.timeline()) {
      md += "| " + format_clock(t.at) + " | " + markdown_text(t.text) + " |\n";
    }
    md += "\n";
  }
  return md;
}

std::string github_output_lines(const std::vector<std::pair<std::string, std::string>>& outputs,
                                const std::function<std::string()>& delimiter) {
  std::string out;
  for (const auto& [name, value] : outputs) {
    std::string delim = delimiter();
    while (value.find(delim) != std::string::npos || name.find(delim) != std::string::npos) {
      delim = delimiter();
    }
    out += name + "<<" + delim + "\n" + value + "\n" + delim + "\n";
  }
  return out;
}

GitHubReporter::GitHubReporter(std::FILE* err, util::Clock& clock, Files files,
                               std::function<std::string()> delimiter)
    : m_err(err),
      m_plain(err, clock),
      m_record(clock),
      m_files(std::move(files)),
      m_delimiter(std::move(delimiter)) {}

void GitHubReporter::command(const std::string& line) {
  std::fprintf(m_err, "%s\n", line.c_str());
  std::fflush(m_err);
}

void GitHubReporter::close_group() {
  if (m_group_open) {
    command("::endgroup::");
    m_group_open = false;
  }
}

void GitHubReporter::on(const engine::Event& event) {
  m_record.on(event);
  if (const auto* p = std::get_if<engine::PhaseStarted>(&event)) {
    close_group();  // groups cannot nest
    command("::group::" + escape_workflow_data(p->title.empty() ? p->phase : p->title));
    m_group_open = true;
    return;
  }
  if (const auto* m = std::get_if<engine::Message>(&event)) {
    if (m->severity == engine::Severity::Warning) {
      command("::warning::" + escape_workflow_data(message_text(*m)));
      return;
    }
    if (m->severity == engine::Severity::Error) {
      command("::error::" + escape_workflow_data(message_text(*m)));
      return;
    }
    if (m->severity == engine::Severity::Notice) {
      command("::notice::" + escape_workflow_data(message_text(*m)));
      return;
    }
  }
  if (const auto* e = std::get_if<engine::StoppedTaskEvidence>(&event)) {
    // Evidence is never folded away in a collapsed group, and each way of dying gets one
    // annotation (the repeats are one line in the log).
    close_group();
    bool is_new = false;
    m_evidence.add(*e, &is_new);
    if (is_new) {
      command(evidence_annotation(*e));
    }
  }
  m_plain.on(event);
  if (const auto* plan = std::get_if<engine::PlanReady>(&event); plan && plan->strategy) {
    for (const auto& w : plan->strategy->warnings) {
      command("::warning title=" + escape_workflow_property("Deployment time") +
              "::" + escape_workflow_data(strategy_warning_text(*plan->strategy, w)));
    }
  }
  if (const auto* c = std::get_if<engine::PreflightCheck>(&event); c && !c->ok && !c->skipped) {
    command("::error title=" + escape_workflow_property("Preflight " + c->name) +
            "::" + escape_workflow_data(check_detail(*c)));
  } else if (std::holds_alternative<engine::PhaseFinished>(event)) {
    close_group();
  } else if (const auto* f = std::get_if<engine::Finished>(&event)) {
    close_group();
    if (!engine::successful(f->outcome)) {
      command("::error title=" +
              escape_workflow_property("ecsdeploy " + outcome_word(f->outcome, f->dry_run)) +
              "::" + escape_workflow_data(with_next_step(*f, summary_text(*f))));
    }
  }
}

void GitHubReporter::finish(const engine::OperationResult& result) {
  close_group();
  if (m_files.step_summary &&
      !append_file(*m_files.step_summary, step_summary_markdown(result, m_record))) {
    command("::warning::could not append to GITHUB_STEP_SUMMARY (" +
            escape_workflow_data(*m_files.step_summary) + ")");
  }
  if (m_files.output) {
    std::optional<engine::HookRunView> paused_hook;
    if (result.stages) {
      if (auto awaiting = engine::awaiting_pause_hooks(*result.stages); !awaiting.empty()) {
        paused_hook = awaiting.front();
      }
    }
    std::vector<std::pair<std::string, std::string>> outputs = {
        {"task-definition-arn", printable(running_after(result))},
        {"deployed-task-definition-arn", printable(result.task_definition)},
        {"previous-task-definition-arn", printable(result.previous_task_definition)},
        {"image", printable(result.image)},
        {"outcome", engine::to_string(result.outcome)},
        {"service-deployment-arn", printable(result.service_deployment_arn)}};
    if (result.stages) {  // a deployment with lifecycle stages: where it stands, for approval
      outputs.emplace_back("lifecycle-stage", printable(result.stages->stage));
      outputs.emplace_back("hook-id", printable(paused_hook ? paused_hook->hook_id : ""));
      outputs.emplace_back("hook-expires-at", paused_hook && paused_hook->expires_at
                                                  ? util::format_iso8601(*paused_hook->expires_at)
                                                  : "");
    }
    const std::string text = github_output_lines(outputs, m_delimiter);
    if (!append_file(*m_files.output, text)) {
      command("::warning::could not append to GITHUB_OUTPUT (" +
              escape_workflow_data(*m_files.output) + ")");
    }
  }
}

}  // namespace cli
