#include "cli/cmd_lint.h"

#include <nlohmann/json.hpp>

#include "cli/command_error.h"
#include "cli/common_options.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"
#include "cli/task_definition_input.h"
#include "cli/validate.h"
#include "cli/workflow_commands.h"

namespace cli {

namespace {

constexpr int k_findings_exit = 1;  // documented in `lint --help`: findings, not a crash

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    {.name = "task-definition",
     .value_name = "FILE",
     .help = "lint this task definition JSON file (offline) instead of the service's",
     .env = "ECSDEPLOY_TASK_DEFINITION"},
    {.name = "policy",
     .value_name = "FILE",
     .help = "also check this IAM policy document (e.g. the deploy role's)",
     .env = "ECSDEPLOY_POLICY"},
    {.name = "format",
     .value_name = "FORMAT",
     .help = "text, json or github (default: github under GitHub Actions, else text)",
     .env = "ECSDEPLOY_FORMAT"},
    {.name = "strict",
     .kind = ArgKind::Flag,
     .help = "exit 1 on warnings too",
     .env = "ECSDEPLOY_STRICT"},
};

struct Counts {
  int errors = 0;
  int warnings = 0;
  int notices = 0;
};

Counts count(const std::vector<engine::Finding>& findings) {
  Counts c;
  for (const auto& f : findings) {
    (f.severity == engine::Severity::Error     ? c.errors
     : f.severity == engine::Severity::Warning ? c.warnings
                                               : c.notices)++;
  }
  return c;
}

// The file a finding points into: the service has none, a policy finding is in the policy file.
const std::string& file_of(const LintReport& r, const engine::Finding& f) {
  static const std::string k_none;
  switch (f.source) {
    case engine::Finding::Source::TaskDefinition:
      return r.file;
    case engine::Finding::Source::Policy:
      return r.policy_file;
    case engine::Finding::Source::Service:
      break;
  }
  return k_none;
}

int line_in(const LintReport& r, const engine::Finding& f) {
  return f.source == engine::Finding::Source::TaskDefinition ? line_of(r.file_text, f.subject) : 0;
}

// A file holding a policy document, or iam-policy's JSON output (a policy per role).
std::vector<nlohmann::ordered_json> policies_in(const nlohmann::ordered_json& doc) {
  if (doc.contains("Statement")) {
    return {doc};
  }
  std::vector<nlohmann::ordered_json> out;
  for (const auto& [key, value] : doc.items()) {
    if (value.is_object() && value.contains("policy") && value["policy"].is_object()) {
      out.push_back(value["policy"]);
    }
  }
  return out;
}

int fail(CommandContext& ctx, const util::Error& e) {
  return command_error(ctx, e);
}

}  // namespace

std::string lint_text(const LintReport& r) {
  std::string out;
  for (const auto& f : r.findings) {
    out += std::string(engine::to_string(f.severity)) + ": " + f.message + " [" + f.code + "]\n";
    out += "  hint: " + with_hints(f.hint, f.next) + "\n";
  }
  const Counts c = count(r.findings);
  out += std::to_string(c.errors) + " error(s), " + std::to_string(c.warnings) + " warning(s), " +
         std::to_string(c.notices) + " notice(s)\n";
  return out;
}

std::string lint_json(const LintReport& r) {
  nlohmann::ordered_json j;
  j["findings"] = nlohmann::ordered_json::array();
  for (const auto& f : r.findings) {
    nlohmann::ordered_json o;
    o["severity"] = engine::to_string(f.severity);
    o["code"] = f.code;
    o["message"] = f.message;
    o["hint"] = with_hints(f.hint, f.next);
    const std::string& file = file_of(r, f);
    if (!file.empty()) {
      o["file"] = file;
      if (int line = line_in(r, f); line > 0) {
        o["line"] = line;
      }
    }
    j["findings"].push_back(std::move(o));
  }
  const Counts c = count(r.findings);
  j["errors"] = c.errors;
  j["warnings"] = c.warnings;
  j["notices"] = c.notices;
  return j.dump() + "\n";
}

std::string lint_github(const LintReport& r) {
  std::string out;
  for (const auto& f : r.findings) {
    const std::string& file = file_of(r, f);
    std::string props;
    if (!file.empty()) {
      props += "file=" + escape_workflow_property(file);
      if (int line = line_in(r, f); line > 0) {
        props += ",line=" + std::to_string(line);
      }
      props += ",";
    }
    props += "title=" + escape_workflow_property("ecsdeploy lint: " + f.code);
    // Workflow commands know error, warning and notice only.
    const std::string_view level =
        f.severity == engine::Severity::Info ? "notice" : engine::to_string(f.severity);
    out += "::" + std::string(level) + " " + props +
           "::" + escape_workflow_data(f.message + ". " + with_hints(f.hint, f.next)) + "\n";
  }
  return out;
}

int lint_exit_code(const std::vector<engine::Finding>& findings, bool strict) {
  const Counts c = count(findings);
  return c.errors > 0 || (strict && c.warnings > 0) ? k_findings_exit : 0;
}

OptionTable lint_options() {
  return k_options;
}

int run_lint(CommandContext& ctx) {
  std::string format_text = ctx.values.get("format").value_or("");
  if (format_text.empty()) {
    format_text = ctx.global.output == OutputFormat::Json          ? "json"
                  : ctx.env.get_or("GITHUB_ACTIONS", "") == "true" ? "github"
                                                                   : "text";
  }
  LintFormat format = LintFormat::Text;
  if (format_text == "json") {
    format = LintFormat::Json;
  } else if (format_text == "github") {
    format = LintFormat::GitHub;
  } else if (format_text != "text") {
    return fail(ctx, util::make_error(util::ErrorKind::InvalidInput,
                                      "invalid format " + quote_value(format_text) +
                                          ": expected text, json or github"));
  }
  engine::LintInput input;
  LintReport report;
  if (auto file = ctx.values.get("task-definition")) {
    auto read = read_json_file(*file);
    if (!read) {
      return fail(ctx, read.error());
    }
    report.file = read->path;
    report.file_text = read->text;
    input.task_definition = task_definition_of(read->json);
  }
  auto cluster = optional_name(ctx.values, "cluster", true);
  auto service = optional_name(ctx.values, "service", true);
  if (!cluster || !service) {
    return fail(ctx, !cluster ? cluster.error() : service.error());
  }
  if (cluster->has_value() != service->has_value()) {
    return fail(ctx, util::make_error(util::ErrorKind::InvalidInput,
                                      "give both --cluster and --service, or neither"));
  }
  if (cluster->has_value()) {
    auto session = aws::make_session(ctx.global.session, ctx.env, ctx.clock);
    if (!session) {
      return fail(ctx, session.error());
    }
    auto fetched = fetch_task_definition(*session, **cluster, **service, "");
    if (!fetched) {
      return fail(ctx, fetched.error());
    }
    input.service = fetched->service;
    if (!input.task_definition) {
      input.task_definition = fetched->task_definition.raw;
    }
  }
  if (auto policy = ctx.values.get("policy")) {
    auto read = read_json_file(*policy);
    if (!read) {
      return fail(ctx, read.error());
    }
    report.policy_file = read->path;
    input.policies = policies_in(read->json);
  }
  if (!input.task_definition && !input.service && input.policies.empty()) {
    return fail(ctx, util::make_error(util::ErrorKind::InvalidInput,
                                      "nothing to lint: give --cluster and --service, "
                                      "--task-definition FILE or --policy FILE"));
  }
  report.findings = engine::lint(input);
  const std::string text = format == LintFormat::Json     ? lint_json(report)
                           : format == LintFormat::GitHub ? lint_github(report)
                                                          : lint_text(report);
  std::fputs(text.c_str(), ctx.out);
  return lint_exit_code(report.findings, ctx.values.flag("strict"));
}

}  // namespace cli
