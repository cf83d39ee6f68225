#pragma once
// ServicesReporter: the output of deploy --services. In CI logs every change of every service
// is a timestamped line prefixed with the service's name, plus a totals line every 30 s; on a
// TTY a live fleet table (one line per service, sorted by state, with totals; fleet_view.h)
// with only warnings and failures printed above it. The run's own lines have no prefix. At the
// end: the table sorted by state; with --output json ONE object on stdout whose `services`
// array holds each service's usual result object; under GitHub Actions a step summary (totals
// first, failures expanded, successes in one folded table) and the outputs `outcome` and
// `services` (a JSON array).

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "cli/global_options.h"
#include "cli/reporters/github_reporter.h"
#include "cli/reporters/run_record.h"
#include "cli/terminal.h"
#include "engine/deploy_services.h"

namespace cli {

// Pure: the --output json object (one line plus '\n'). records[i] belongs to services[i].
std::string services_json(const engine::ServicesResult& result,
                          const std::vector<const RunRecord*>& records);

// Pure: the step summary (Markdown).
std::string services_summary_markdown(const engine::ServicesResult& result,
                                      const std::vector<const RunRecord*>& records);

// Pure: the $GITHUB_OUTPUT pairs: outcome, and services as a compact JSON array of
// {cluster, service, outcome, task_definition_arn, previous_task_definition_arn, image}.
std::vector<std::pair<std::string, std::string>> services_outputs(
    const engine::ServicesResult& result);

class ServicesReporter {
 public:
  struct Setup {
    Terminal terminal;
    OutputFormat output = OutputFormat::Text;
    GitHubReporter::Files files;
    std::function<std::string()> delimiter;
  };
  ServicesReporter(const std::vector<std::string>& names, Setup setup, util::Clock& clock,
                   std::FILE* out, std::FILE* err);
  ~ServicesReporter();

  engine::Reporter& run();
  std::vector<engine::Reporter*> services();
  void finish(const engine::ServicesResult& result);

 private:
  class Board;
  class Lines;
  Setup m_setup;
  std::FILE* m_out;
  std::FILE* m_err;
  std::unique_ptr<Board> m_board;
  std::unique_ptr<Lines> m_run;
  std::vector<std::unique_ptr<Lines>> m_services;
};

}  // namespace cli
