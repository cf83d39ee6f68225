#include "cli/reporters/services_reporter.h"

#include <nlohmann/json.hpp>
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"

#include "cli/json_output.h"
#include "cli/outside_text.h"
#include "cli/reporters/event_text.h"
#include "cli/reporters/json_reporter.h"
#include "cli/workflow_commands.h"

namespace cli {

namespace {

using Json = nlohmann::ordered_json;

const char* mark(engine::Outcome o) {
  return o == engine::Outcome::Succeeded ? "\u2705 " : "\u274c ";
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
  std::string md = "### ecsdeploy deploy, " + std::to_string(r.services.size()) +
                   " services: " + mark(r.outcome) + engine::to_string(r.outcome) +
                   (dry_run ? " (dry run)" : "") + "\n\n" + markdown_text(r.summary) + "\n\n";
  md +=
      "| Service | Outcome | Before | After | Image | Running now |\n"
      "|---|---|---|---|---|---|\n";
  for (const auto& s : r.services) {
    md += "| " + markdown_text(s.cluster + "/" + s.service) + " | " + mark(s.outcome) +
          engine::to_string(s.outcome) + " | " +
          markdown_code(short_task_definition(s.previous_task_definition)) + " | " +
          markdown_code(short_task_definition(s.task_definition)) + " | " + markdown_code(s.image) +
          " | " + markdown_code(short_task_definition(s.running_task_definition)) + " |\n";
  }
  md += "\n";
  for (size_t i = 0; i < r.services.size(); ++i) {
    const auto& s = r.services[i];
    md += "<details><summary>" + html_text(s.service) + ": " + engine::to_string(s.outcome) +
          "</summary>\n\n" + step_summary_markdown(s, *records[i]) + "</details>\n\n";
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

// One stream of lines: "[hh:mm:ss] web: text" (or without a name for the run), with the
// GitHub annotations for failures when running in Actions.
class ServicesReporter::Lines final : public engine::Reporter {
 public:
  Lines(std::string name, bool github, util::Clock& clock, std::FILE* err)
      : m_name(std::move(name)), m_github(github), m_clock(clock), m_err(err), m_record(clock) {}

  void on(const engine::Event& event) override {
    m_record.on(event);
    util::SystemTime at = m_clock.now();
    if (!progress_changed(event, m_last_progress, at)) {
      return;
    }
    const std::string prefix =
        "[" + format_clock(at) + "] " + (m_name.empty() ? "" : m_name + ": ");
    for (const std::string& line : event_lines(event)) {
      std::fprintf(m_err, "%s\n", printable_line(prefix + line).c_str());
    }
    if (m_github) {
      annotate(event);
    }
    std::fflush(m_err);
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
               f && f->outcome != engine::Outcome::Succeeded) {
      std::fprintf(
          m_err, "::error title=%s::%s\n",
          escape_workflow_property("ecsdeploy" + who + " " + outcome_word(f->outcome, f->dry_run))
              .c_str(),
          escape_workflow_data(summary_text(*f)).c_str());
    }
  }

  std::string m_name;
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
  m_run = std::make_unique<Lines>("", github, clock, err);
  for (const auto& name : names) {
    m_services.push_back(std::make_unique<Lines>(name, github, clock, err));
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
