#pragma once
// The one way a command ends on an error without an engine result: the explained line on
// stderr and, with --output json, still one JSON object on stdout (outcome, exit_code, error),
// so a script that parses stdout always has something to parse.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "cli/global_options.h"
#include "util/env.h"
#include "util/error.h"

namespace cli {

struct CommandContext;

// Prints `error` and returns its exit code (cli/exit_codes.h exit_code_for(kind)).
int command_error(CommandContext& context, const util::Error& error);

// The same, before a CommandContext exists (argv, global options, the config file): `command`
// may be empty. Returns the exit code.
int report_error(std::string_view command, OutputFormat output, std::FILE* out, std::FILE* err,
                 const util::Error& error);

// --output json anywhere in argv (or --output=json), else ECSDEPLOY_OUTPUT=json: for the
// errors found before the global options are known.
OutputFormat output_format_hint(const std::vector<std::string>& args, const util::Env& env);

}  // namespace cli
