#include "cli/app.h"

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "aws/version.h"
#include "cli/command_error.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/help.h"
#include "cli/invocation.h"
#include "cli/signals.h"
#include "cli/terminal.h"

namespace cli {

namespace {

// Errors before the command runs. `output` is what --output says, or, when the global options
// could not be read, what argv or ECSDEPLOY_OUTPUT ask for (output_format_hint).
int usage_error(std::string_view command, OutputFormat output, const util::Error& error) {
  util::Error usage = error;
  usage.kind = util::ErrorKind::InvalidInput;
  const int code = report_error(command, output, stdout, stderr, usage);
  // In a GitHub run the annotation puts the message on the run's page, not only in its log.
  util::ProcessEnv env;
  std::fputs(usage_error_annotation(env, explain_error(usage)).c_str(), stderr);
  return code;
}

std::string current_directory() {
  std::error_code ec;
  auto cwd = std::filesystem::current_path(ec);
  return ec ? std::string(".") : cwd.string();
}

int run_args(const std::vector<std::string>& args) {
  // Fast path: no environment, no parsing tables, no I/O beyond one write.
  if (args.size() == 1 && args[0] == "--version") {
    std::printf("%.*s\n", static_cast<int>(aws::k_version_line.size()), aws::k_version_line.data());
    return to_int(ExitCode::Success);
  }
  util::ProcessEnv env;
  auto parsed = parse_argv(args, global_option_table(), [](std::string_view name) {
    const Command* c = find_command(name);
    return c != nullptr ? std::optional<OptionTable>(c->options) : std::nullopt;
  });
  if (!parsed) {
    return usage_error("", output_format_hint(args, env), parsed.error());
  }
  auto global = global_options_from(*parsed, env);
  if (!global) {
    return usage_error(parsed->command, output_format_hint(args, env), global.error());
  }
  if (global->version) {
    std::printf("%.*s\n", static_cast<int>(aws::k_version_line.size()), aws::k_version_line.data());
    return to_int(ExitCode::Success);
  }
  const Command* command = parsed->command.empty() ? nullptr : find_command(parsed->command);
  if (global->help) {
    std::fputs((command != nullptr ? command_help(*command) : general_help()).c_str(), stdout);
    return to_int(ExitCode::Success);
  }
  if (command == nullptr) {
    std::string names;
    for (const Command& c : commands()) {
      names += (names.empty() ? "" : ", ") + std::string(c.name);
    }
    return usage_error(
        "", global->output,
        util::make_error(util::ErrorKind::InvalidInput,
                         "no command given (commands: " + names + "; see 'ecsdeploy --help')"));
  }
  std::optional<ConfigFile> config;
  if (command->uses_config_file) {
    auto loaded = load_config_file(global->config_path, current_directory());
    if (!loaded) {
      return usage_error(command->name, global->output, loaded.error());
    }
    config = std::move(*loaded);
  }
  const OutputFormat output = global->output;
  auto invocation = resolve_invocation(*parsed, std::move(*global), *command, env, config);
  if (!invocation) {
    return usage_error(command->name, output, invocation.error());
  }
  util::SystemClock clock;
  CommandContext context{
      command->name,
      invocation->global,
      invocation->values,
      env,
      clock,
      detect_terminal(isatty(STDERR_FILENO) == 1, env, invocation->global.no_color),
      stdout,
      stderr,
      &config};
  install_interrupt_handler();
  return command->run(context);
}

}  // namespace

int run(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::string message = "internal error (please report this with the command line you used)";
  try {
    return run_args(args);
  } catch (const std::exception& e) {
    // The one catch-all (contributing.md, principle 6): a bug, reported without a stack of noise.
    message = std::string("internal error: ") + e.what() +
              " (please report this with the command line you used)";
  } catch (...) {
  }
  // Still one JSON object with --output json: results are written last, so none was.
  util::ProcessEnv env;
  return report_error("", output_format_hint(args, env), stdout, stderr,
                      util::make_error(util::ErrorKind::Internal, message));
}

}  // namespace cli
