#include "cli/reporters/services_reporter.h"

#include <chrono>
#include <optional>

#include <nlohmann/json.hpp>
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"

#include "cli/json_output.h"
#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"
#include "cli/reporters/fleet_view.h"
#include "cli/reporters/json_reporter.h"
#include "cli/reporters/make_reporter.h"
#include "cli/workflow_commands.h"

namespace cli {

namespace {

using Json = nlohmann::ordered_json;

const char* mark(engine::Outcome o) {
  return engine::successful(o) ? "\u2705 " : "\u274c ";
}

}  // namespace

std::string services_json(const engine::ServicesResult& r,
                          const std::vector<const RunRecord*>& records) {
  Json j;
  j["command"] = "deploy";
  j["outcome"] = engine::to_string(r.outcome);
  j["exit_code"] = to_int(exit_code_for(r.outcome));
  j["summary"] = r.summary;
  j["dry_run"] = !r.services.empty() && r.services.front().dry_run;
  j["timings_ms"] = {{"total", r.total.count()}};
  Json services = Json::array();
  for (size_t i = 0; i < r.services.size(); ++i) {
    services.push_back(Json::parse(result_json(r.services[i], *records[i])));
  }
  j["services"] = services;
  return json_document(j) + "\n";
}

std::string services_summary_markdown(const engine::ServicesResult& r,
                                      const std::vector<const RunRecord*>& records) {
  const bool dry_run = !r.services.empty() && r.services.front().dry_run;
  std::vector<FleetRow> rows;
  for (const auto& s : r.services) {
    rows.push_back(FleetRow{s.service, FleetState::Done, s.outcome, s.dry_run, ""});
  }
  // Totals first; then the failures, expanded; the successes in one folded table, so the
  // summary stays readable at 100 services.
  std::string md = "### ecsdeploy deploy, " + std::to_string(r.services.size()) +
                   " services: " + mark(r.outcome) + engine::to_string(r.outcome) +
                   (dry_run ? " (dry run)" : "") + "\n\n**" + markdown_text(totals_text(rows)) +
                   "**\n\n" + markdown_text(r.summary) + "\n\n";
  const std::string header =
      "| Service | Outcome | Before | After | Image | Running now |\n"
      "|---|---|---|---|---|---|\n";
  auto row = [](const engine::OperationResult& s) {
    return "| " + markdown_text(s.cluster + "/" + s.service) + " | " + mark(s.outcome) +
           engine::to_string(s.outcome) + " | " +
           markdown_code(short_task_definition(s.previous_task_definition)) + " | " +
           markdown_code(short_task_definition(s.task_definition)) + " | " +
           markdown_code(s.image) + " | " +
           markdown_code(short_task_definition(s.running_task_definition)) + " |\n";
  };
  std::string failures;
  std::string successes;
  size_t succeeded = 0;
  for (const auto& s : r.services) {
    if (engine::successful(s.outcome)) {
      successes += row(s);
      ++succeeded;
    } else {
      failures += row(s);
    }
  }
  if (!failures.empty()) {
    md += header + failures + "\n";
    for (size_t i = 0; i < r.services.size(); ++i) {
      const auto& s = r.services[i];
      if (!engine::successful(s.outcome)) {
        md += "<details open><summary>" + html_text(s.service) + ": " +
              engine::to_string(s.outcome) + "</summary>\n\n" +
              step_summary_markdown(s, *records[i]) + "</details>\n\n";
      }
    }
  }
  if (succeeded > 0) {
    md += "<details><summary>" + std::to_string(succeeded) + " service" +
          (succeeded == 1 ? "" : "s") + (dry_run ? " planned" : " succeeded") + "</summary>\n\n" +
          header + successes + "\n</details>\n\n";
  }
  return md;
}

std::vector<std::pair<std::string, std::string>> services_outputs(const engine::ServicesResult& r) {
  Json services = Json::array();
  for (const auto& s : r.services) {
    services.push_back({{"cluster", s.cluster},
                        {"service", s.service},
                        {"outcome", engine::to_string(s.outcome)},
                        {"task_definition_arn", s.task_definition},
                        {"previous_task_definition_arn", s.previous_task_definition},
                        {"image", s.image}});
  }
  return {{"outcome", engine::to_string(r.outcome)}, {"services", json_document(services)}};
}

// The stderr stream every service shares. On a TTY it keeps a live fleet table (failures
// and what is in flight first, then the totals) at the bottom and prints only what matters
// above it; elsewhere (CI logs) every change is a line, plus a totals line every 30 s.
class ServicesReporter::Board {
 public:
  Board(const std::vector<std::string>& names, bool live, util::Clock& clock, std::FILE* err)
      : m_live(live), m_clock(clock), m_err(err), m_last_totals(clock.steady_now()) {
    for (const auto& name : names) {
      m_rows.push_back(FleetRow{name});
    }
  }
  bool live() const { return m_live; }

  void print(const std::vector<std::string>& lines) {
    erase();
    for (const auto& line : lines) {
      std::fprintf(m_err, "%s\n", line.c_str());
    }
    draw();
  }

  void update(size_t index, const engine::Event& event) {
    update_row(m_rows[index], event);
    if (m_live) {
      erase();
      draw();
      return;
    }
    const auto now = m_clock.steady_now();
    if (now - m_last_totals >= k_totals_every) {
      m_last_totals = now;
      std::fprintf(
          m_err, "%s\n",
          printable_line("[" + format_clock(m_clock.now()) + "] totals: " + totals_text(m_rows))
              .c_str());
      std::fflush(m_err);
    }
  }

  // The whole table, sorted by state, once at the end (several services only).
  void finish() {
    erase();
    if (m_rows.size() > 1) {
      for (const auto& line : table_lines(m_rows, m_rows.size())) {
        std::fprintf(m_err, "%s\n", printable_line(line).c_str());
      }
    }
    std::fflush(m_err);
  }

 private:
  static constexpr std::chrono::seconds k_totals_every{30};
  static constexpr size_t k_live_rows = 15;

  void erase() {
    if (m_drawn > 0) {
      std::fprintf(m_err, "\x1b[%zuA\r\x1b[J", m_drawn);
      m_drawn = 0;
    }
  }
  void draw() {
    if (m_live) {
      // A wrapped line would break the redraw: each row is cut to the terminal's width.
      const int width = terminal_width();
      const size_t cut = width > 1 ? static_cast<size_t>(width) - 1 : 79;
      for (const auto& line : table_lines(m_rows, k_live_rows)) {
        std::string shown = printable_line(line);
        if (shown.size() > cut) {
          shown.resize(cut);
        }
        std::fprintf(m_err, "%s\n", shown.c_str());
        ++m_drawn;
      }
    }
    std::fflush(m_err);
  }

  bool m_live;
  util::Clock& m_clock;
  std::FILE* m_err;
  std::vector<FleetRow> m_rows;
  size_t m_drawn = 0;
  std::chrono::steady_clock::time_point m_last_totals;
};

namespace {

// What a TTY shows above the live table: what needs a reader's eyes.
bool worth_a_line(const engine::Event& event) {
  if (const auto* m = std::get_if<engine::Message>(&event)) {
    return m->severity == engine::Severity::Warning || m->severity == engine::Severity::Error;
  }
  if (const auto* c = std::get_if<engine::PreflightCheck>(&event)) {
    return !c->ok;
  }
  if (const auto* f = std::get_if<engine::Finished>(&event)) {
    return !engine::successful(f->outcome);
  }
  return std::holds_alternative<engine::StoppedTaskEvidence>(event) ||
         std::holds_alternative<engine::RollbackStarted>(event);
}

}  // namespace

// One stream of lines: "[hh:mm:ss] web: text" (or without a name for the run), with the
// GitHub annotations for failures when running in Actions.
class ServicesReporter::Lines final : public engine::Reporter {
 public:
  Lines(std::string name, std::optional<size_t> index, Board& board, bool github,
        util::Clock& clock, std::FILE* err)
      : m_name(std::move(name)),
        m_index(index),
        m_board(board),
        m_github(github),
        m_clock(clock),
        m_err(err),
        m_record(clock) {}

  void on(const engine::Event& event) override {
    m_record.on(event);
    util::SystemTime at = m_clock.now();
    if (progress_changed(event, m_last_progress, at) &&
        (!m_board.live() || !m_index || worth_a_line(event))) {
      const std::string prefix =
          "[" + format_clock(at) + "] " + (m_name.empty() ? "" : m_name + ": ");
      std::vector<std::string> lines;
      for (const std::string& line : event_lines(event)) {
        lines.push_back(printable_line(prefix + line));
      }
      m_board.print(lines);
      if (m_github) {
        annotate(event);
      }
    }
    if (m_index) {
      m_board.update(*m_index, event);
    }
  }

  const RunRecord& record() const { return m_record; }

 private:
  void annotate(const engine::Event& event) {
    const std::string who = m_name.empty() ? "" : " " + m_name;
    if (const auto* c = std::get_if<engine::PreflightCheck>(&event); c && !c->ok && !c->skipped) {
      std::fprintf(m_err, "::error title=%s::%s\n",
                   escape_workflow_property("Preflight" + who + " " + c->name).c_str(),
                   escape_workflow_data(check_detail(*c)).c_str());
    } else if (const auto* m = std::get_if<engine::Message>(&event);
               m && m->severity == engine::Severity::Warning) {
      std::fprintf(m_err, "::warning::%s\n",
                   escape_workflow_data(m_name + ": " + message_text(*m)).c_str());
    } else if (const auto* f = std::get_if<engine::Finished>(&event);
               f && !engine::successful(f->outcome)) {
      std::fprintf(
          m_err, "::error title=%s::%s\n",
          escape_workflow_property("ecsdeploy" + who + " " + outcome_word(f->outcome, f->dry_run))
              .c_str(),
          escape_workflow_data(summary_text(*f)).c_str());
    }
  }

  std::string m_name;
  std::optional<size_t> m_index;  // the service's row; nullopt for the run's own lines
  Board& m_board;
  bool m_github;
  util::Clock& m_clock;
  std::FILE* m_err;
  RunRecord m_record;
  std::string m_last_progress;
};

ServicesReporter::ServicesReporter(const std::vector<std::string>& names, Setup setup,
                                   util::Clock& clock, std::FILE* out, std::FILE* err)
    : m_setup(std::move(setup)), m_out(out), m_err(err) {
  const bool github = m_setup.terminal.style == ReporterStyle::GitHub;
  m_board =
      std::make_unique<Board>(names, m_setup.terminal.style == ReporterStyle::Tty, clock, err);
  m_run = std::make_unique<Lines>("", std::nullopt, *m_board, github, clock, err);
  for (size_t i = 0; i < names.size(); ++i) {
    m_services.push_back(std::make_unique<Lines>(names[i], i, *m_board, github, clock, err));
  }
}

ServicesReporter::~ServicesReporter() = default;

engine::Reporter& ServicesReporter::run() {
  return *m_run;
}

std::vector<engine::Reporter*> ServicesReporter::services() {
  std::vector<engine::Reporter*> out;
  for (auto& s : m_services) {
    out.push_back(s.get());
  }
  return out;
}

void ServicesReporter::finish(const engine::ServicesResult& result) {
  m_board->finish();
  std::vector<const RunRecord*> records;
  for (auto& s : m_services) {
    records.push_back(&s->record());
  }
  if (m_setup.output == OutputFormat::Json) {
    std::fputs(services_json(result, records).c_str(), m_out);
    std::fflush(m_out);
  }
  if (m_setup.terminal.style != ReporterStyle::GitHub) {
    return;
  }
  if (m_setup.files.step_summary &&
      !append_file(*m_setup.files.step_summary, services_summary_markdown(result, records))) {
    std::fprintf(m_err, "::warning::could not append to GITHUB_STEP_SUMMARY\n");
  }
  if (m_setup.files.output &&
      !append_file(*m_setup.files.output,
                   github_output_lines(services_outputs(result), m_setup.delimiter))) {
    std::fprintf(m_err, "::warning::could not append to GITHUB_OUTPUT\n");
  }
}

}  // namespace cli
