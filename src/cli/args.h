#pragma once
// parse_argv: argv -> command name + raw option values, or a usage error. Pure: no
// environment, no files, no output (contributing.md, principle 9).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/option_spec.h"
#include "util/result.h"

namespace cli {

struct ParsedArgs {
  std::string command;  // empty when argv names none (e.g. `ecsdeploy --version`)
  // Raw values by spec name, as typed. Flags hold "true", or "false" for --no-<name>.
  // Repeated -v/--verbose is counted in `verbosity` instead.
  std::map<std::string, std::string> values;
  int verbosity = 0;
};

// Looks up a command's option table by name; nullopt when the command does not exist.
using CommandLookup = std::function<std::optional<OptionTable>(std::string_view)>;

// `args` excludes argv[0]. Global options may appear before or after the command; command
// options only after it. Errors are ErrorKind::InvalidInput with a one-line message.
util::Result<ParsedArgs> parse_argv(const std::vector<std::string>& args, OptionTable globals,
                                    const CommandLookup& commands);

}  // namespace cli
