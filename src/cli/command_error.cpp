#include "cli/command_error.h"

#include "cli/command.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/reporters/json_reporter.h"

namespace cli {

int report_error(std::string_view command, OutputFormat output, std::FILE* out, std::FILE* err,
                 const util::Error& error) {
  const engine::Outcome outcome = outcome_for(error.kind);
  std::string message = explain_error(error);
  // A usage error ends with where the options are explained, unless it names a doc already.
  if (outcome == engine::Outcome::InvalidInput && message.find("docs/") == std::string::npos &&
      message.find("--help") == std::string::npos) {
    message += "; see `ecsdeploy " +
               (command.empty() ? std::string() : std::string(command) + " ") + "--help`";
  }
  print_error(err, message);
  if (output == OutputFormat::Json) {
    std::fputs(failure_json(command, outcome, error, message).c_str(), out);
    std::fflush(out);
  }
  return to_int(exit_code_for(outcome));
}

int command_error(CommandContext& ctx, const util::Error& error) {
  return report_error(ctx.command, ctx.global.output, ctx.out, ctx.err, error);
}

OutputFormat output_format_hint(const std::vector<std::string>& args, const util::Env& env) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      break;
    }
    if (args[i] == "--output=json" ||
        (args[i] == "--output" && i + 1 < args.size() && args[i + 1] == "json")) {
      return OutputFormat::Json;
    }
    if (args[i] == "--output" || args[i].starts_with("--output=")) {
      return OutputFormat::Text;  // another value given on the command line wins over the env
    }
  }
  return env.get_or("ECSDEPLOY_OUTPUT", "") == "json" ? OutputFormat::Json : OutputFormat::Text;
}

}  // namespace cli
