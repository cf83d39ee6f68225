#pragma once
// What every subcommand handler receives, and the registry row that names it.

#include <cstdio>
#include <span>
#include <string_view>

#include "cli/config_file.h"
#include "cli/global_options.h"
#include "cli/option_values.h"
#include "cli/terminal.h"
#include "util/clock.h"
#include "util/env.h"

namespace cli {

struct CommandContext {
  std::string_view command;  // "deploy"
  const GlobalOptions& global;
  const OptionValues& values;  // the command's options, precedence applied
  const util::Env& env;
  util::Clock& clock;
  Terminal terminal;
  std::FILE* out;  // results, --output json
  std::FILE* err;  // human progress and errors
  // The config file, loaded once per run by cli/app (nullptr or empty: none, or the command
  // does not use one); deploy --services takes its entries from here instead of reloading.
  const std::optional<ConfigFile>* config = nullptr;
};

// Returns the process exit code (cli/exit_codes.h).
using Handler = int (*)(CommandContext& context);

struct Command {
  std::string_view name;
  std::string_view synopsis;     // one line, for `ecsdeploy --help`
  std::string_view usage;        // "deploy --cluster C --service S ..."
  std::string_view description;  // a few lines for `ecsdeploy <name> --help`
  std::string_view example;
  OptionTable options;
  bool uses_config_file = true;  // reads targets from ecsdeploy.yml
  Handler run = nullptr;
};

// The registry (commands.cpp), in help order.
std::span<const Command> commands();
const Command* find_command(std::string_view name);

}  // namespace cli
