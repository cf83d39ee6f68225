// The command registry: one row per subcommand (STYLE "Adding a subcommand").
#include "cli/command.h"
#include "cli/cmd_whoami.h"

namespace cli {

namespace {

const Command k_commands[] = {
    {.name = "whoami",
     .synopsis = "Show the AWS account, identity, region and credential source in use",
     .usage = "whoami [--region R] [--profile P] [--output text|json]",
     .description = "Calls STS GetCallerIdentity with the credentials the other commands would\n"
                    "use and prints the account, ARN, region and where the credentials came\n"
                    "from (never the keys).",
     .example = "ecsdeploy whoami --output json",
     .options = whoami_options(),
     .uses_config_file = false,
     .run = run_whoami},
};

}  // namespace

std::span<const Command> commands() { return k_commands; }

const Command* find_command(std::string_view name) {
  for (const Command& c : k_commands) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

}  // namespace cli
