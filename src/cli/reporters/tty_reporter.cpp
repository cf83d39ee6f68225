#include "cli/reporters/tty_reporter.h"

#include <functional>

#include "cli/next_step_text.h"
#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"
#include "cli/reporters/stage_text.h"
#include "util/time.h"

namespace cli {

namespace {

constexpr const char* k_none = "";
constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_dim = "\x1b[2m";
constexpr const char* k_red = "\x1b[31m";
constexpr const char* k_green = "\x1b[32m";
constexpr const char* k_yellow = "\x1b[33m";
constexpr const char* k_cyan = "\x1b[36m";

std::string pad(std::string s, size_t width, bool right = false) {
  if (s.size() < width) {
    s = right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
  }
  return s;
}

const char* state_color(const std::string& state) {
  if (state == "COMPLETED" || state == "SUCCESSFUL") {
    return k_green;
  }
  if (state == "FAILED" || state.find("ROLLBACK") != std::string::npos) {
    return k_red;
  }
  return k_yellow;
}

}  // namespace

std::vector<std::string> TtyReporter::table_lines(const engine::RolloutProgress& p, int width) {
  std::vector<std::string> out;
  std::string head = "  rollout";
  if (!p.service_deployment_status.empty()) {
    head += " " + p.service_deployment_status;
  }
  head += ":  running " + std::to_string(p.running) + "/" + std::to_string(p.desired) +
          "  pending " + std::to_string(p.pending);
  out.push_back(head);
  // One column: its heading, width, alignment and cell. Sized for 80 columns: the deployment id
  // is shortened to its last digits ("ecs-svc/1184722748049700240" -> "4049700240").
  struct Column {
    const char* title;
    size_t width;
    bool right;
    std::function<std::string(const engine::DeploymentRow&)> cell;
    int drop_rank;  // lower goes first when the terminal is narrow; 0: never dropped
  };
  auto number = [](int engine::DeploymentRow::*field) {
    return [field](const engine::DeploymentRow& d) { return std::to_string(d.*field); };
  };
  std::vector<Column> columns = {
      {"DEPLOYMENT", 19, false,
       [](const engine::DeploymentRow& d) {
         std::string id = d.id.starts_with("ecs-svc/") ? d.id.substr(8) : d.id;
         if (id.size() > 10) {
           id = id.substr(id.size() - 10);
         }
         return (d.status + " " + id).substr(0, 18);
       },
       3},
      {"REVISION", 12, false,
       [](const engine::DeploymentRow& d) {
         return short_task_definition(d.task_definition).substr(0, 11);
       },
       5},
      {"DESIRED", 8, true, number(&engine::DeploymentRow::desired), 2},
      {"PENDING", 8, true, number(&engine::DeploymentRow::pending), 1},
      {"RUNNING", 8, true, number(&engine::DeploymentRow::running), 4},
      {"FAILED", 7, true, number(&engine::DeploymentRow::failed), 0},
  };
  size_t rollout_width = 2 + 11;  // "  IN_PROGRESS"
  auto total = [&] {
    size_t w = 2 + rollout_width;
    for (const Column& c : columns) {
      w += c.width;
    }
    return w;
  };
  for (int rank = 1; width > 0 && total() >= static_cast<size_t>(width) && rank <= 5; ++rank) {
    std::erase_if(columns, [rank](const Column& c) { return c.drop_rank == rank; });
  }
  std::string titles = "  ";
  for (const Column& c : columns) {
    titles += pad(c.title, c.width, c.right);
  }
  out.push_back(titles + "  ROLLOUT");
  for (const engine::DeploymentRow& d : p.deployments) {
    std::string row = "  ";
    for (const Column& c : columns) {
      row += pad(c.cell(d), c.width, c.right);
    }
    out.push_back(row + "  " + d.rollout_state);
  }
  return out;
}

std::string TtyReporter::paint(const std::string& text, const char* color) const {
  if (!m_color || *color == '\0') {
    return text;
  }
  return color + text + "\x1b[0m";
}

void TtyReporter::print(const std::string& text, const char* color) {
  std::fprintf(m_err, "%s\n", paint(printable_line(text), color).c_str());
}

void TtyReporter::erase_live() {
  if (m_drawn > 0 && m_width() != m_drawn_width) {
    // Resized: the terminal may have rewrapped the old table, so moving up m_drawn rows could
    // land anywhere. Leave it on screen and draw the new one below it.
    m_drawn = 0;
  }
  if (m_drawn > 0) {
    std::fprintf(m_err, "\x1b[%zuA\r\x1b[J", m_drawn);
    m_drawn = 0;
  }
}

void TtyReporter::draw_live() {
  const int width = m_width();
  if (!m_live.empty()) {
    m_live = live_lines(width);  // the terminal may have been resized
  }
  m_drawn_width = width;
  for (size_t i = 0; i < m_live.size(); ++i) {
    std::string line = printable_line(m_live[i]);
    if (width > 1 && line.size() >= static_cast<size_t>(width)) {
      line.resize(static_cast<size_t>(width) - 1);  // a wrapped line would break the redraw
    }
    const char* color = i < m_live_colors.size() ? m_live_colors[i] : k_none;
    std::fprintf(m_err, "%s\n", paint(line, color).c_str());
  }
  m_drawn = m_live.size();
}

std::vector<std::string> TtyReporter::live_lines(int width) const {
  std::vector<std::string> lines;
  if (m_has_progress) {
    lines = table_lines(m_progress, width);
  }
  if (m_stages) {
    for (auto& l : stage_table_lines(*m_stages)) {
      lines.push_back(std::move(l));
    }
  }
  return lines;
}

void TtyReporter::on(const engine::Event& event) {
  const auto* p = std::get_if<engine::RolloutProgress>(&event);
  const auto* sd = std::get_if<engine::ServiceDeploymentProgress>(&event);
  if (p || sd) {
    erase_live();
    if (p) {
      m_progress = *p;
      m_has_progress = true;
    } else {
      // A stage transition scrolls by with its time; the live rows show the rest.
      if (std::string t = stage_transition(*sd, m_stages ? m_stages->stage : ""); !t.empty()) {
        print(t, k_cyan);
      }
      m_stages = *sd;
    }
    m_live = live_lines(0);
    // Whole rows are coloured, so the column widths computed on plain text stay right.
    m_live_colors.clear();
    if (m_has_progress) {
      m_live_colors = {k_bold, k_dim};
      for (const engine::DeploymentRow& d : m_progress.deployments) {
        m_live_colors.push_back(state_color(d.rollout_state));
      }
    }
    if (m_stages) {
      m_live_colors.push_back(state_color(m_stages->status));
    }
    draw_live();
    std::fflush(m_err);
    return;
  }
  // The end of a phase (wait, rollback) leaves its last table on screen.
  const bool ends_watch = std::holds_alternative<engine::Finished>(event) ||
                          std::holds_alternative<engine::PhaseFinished>(event);
  if (ends_watch) {
    m_live.clear();  // leave the last table on screen, above what follows
    m_drawn = 0;
    m_has_progress = false;
    m_stages.reset();
  } else {
    erase_live();
  }
  std::vector<std::string> lines = event_lines(event);
  if (const auto* e = std::get_if<engine::StoppedTaskEvidence>(&event)) {
    bool is_new = false;
    const engine::EvidenceGroup& group = m_evidence.add(*e, &is_new);
    if (!is_new) {
      lines = {repeated_evidence_line(group)};
    }
  }
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        for (size_t i = 0; i < lines.size(); ++i) {
          const char* color = k_none;
          std::string text = lines[i];
          if constexpr (std::is_same_v<T, engine::PhaseStarted>) {
            text = "> " + (e.title.empty() ? e.phase : e.title);
            color = k_bold;
          } else if constexpr (std::is_same_v<T, engine::PhaseFinished>) {
            text = "  " + text;
            color = e.ok ? k_dim : k_red;
          } else if constexpr (std::is_same_v<T, engine::PreflightCheck>) {
            text = std::string(e.skipped ? "  - " : (e.ok ? "  \u2713 " : "  \u2717 ")) + e.name +
                   (check_detail(e).empty() ? "" : ": " + check_detail(e));
            color = e.skipped ? k_dim : (e.ok ? k_green : k_red);
          } else if constexpr (std::is_same_v<T, engine::Message>) {
            color = e.severity == engine::Severity::Warning  ? k_yellow
                    : e.severity == engine::Severity::Error  ? k_red
                    : e.severity == engine::Severity::Notice ? k_cyan
                                                             : k_none;
          } else if constexpr (std::is_same_v<T, engine::StoppedTaskEvidence>) {
            color = i == 0 ? k_red : (text.starts_with("    | ") ? k_dim : k_none);
          } else if constexpr (std::is_same_v<T, engine::RollbackStarted>) {
            color = k_yellow;
          } else if constexpr (std::is_same_v<T, engine::Retrying> ||
                               std::is_same_v<T, engine::ServiceEventSeen>) {
            color = k_dim;
          } else if constexpr (std::is_same_v<T, engine::Finished>) {
            const bool ok = engine::successful(e.outcome);
            text = (ok ? "\u2713 " : "\u2717 ") + text;
            color = ok ? k_green : k_red;
          } else if constexpr (std::is_same_v<T, engine::PlanReady>) {
            color = i == 0 ? k_bold
                           : (text.starts_with("  ~ ") || text.starts_with("  + ") ||
                                      text.starts_with("  - ")
                                  ? k_cyan
                                  : k_none);
          }
          print(text, color);
        }
      },
      event);
  draw_live();
  std::fflush(m_err);
}

}  // namespace cli
