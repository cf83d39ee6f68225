#include "cli/help.h"

#include "aws/version.h"

#include <algorithm>

namespace cli {

namespace {

std::string option_lines(OptionTable table) {
  std::string out;
  for (const OptionSpec& spec : table) {
    std::string left = "  ";
    left += spec.short_name != 0 ? std::string("-") + spec.short_name + ", " : "";
    left += "--";
    if (spec.negatable) {
      left += "[no-]";
    }
    left += spec.name;
    if (spec.kind == ArgKind::Value) {
      left += " " + std::string(spec.value_name);
    }
    std::string right(spec.help);
    std::string from;
    if (!spec.default_value.empty()) {
      from += "default " + std::string(spec.default_value);
    }
    if (!spec.env.empty()) {
      from += (from.empty() ? "" : "; ") + std::string("env ") + std::string(spec.env);
    }
    if (!spec.config_key.empty()) {
      from += (from.empty() ? "" : "; ") + std::string("config ") + std::string(spec.config_key);
    }
    if (!from.empty()) {
      right += " [" + from + "]";
    }
    if (left.size() < 30) {
      left.resize(30, ' ');
    } else {
      left += "\n" + std::string(30, ' ');
    }
    out += left + right + "\n";
  }
  return out;
}

}  // namespace

std::string general_help() {
  std::string out = "ecsdeploy " + std::string(aws::k_version) +
                    ": deploy container images to Amazon ECS and watch them land.\n\n"
                    "Usage: ecsdeploy [options] <command> [command options]\n\nCommands:\n";
  size_t width = 0;
  for (const Command& c : commands()) {
    width = std::max(width, c.name.size());
  }
  for (const Command& c : commands()) {
    std::string name = "  " + std::string(c.name);
    name.resize(width + 4, ' ');  // grows only: names are never cut
    out += name + std::string(c.synopsis) + "\n";
  }
  out += "\nOptions (any command):\n" + option_lines(global_option_table());
  out +=
      "\nCommand options also come from ECSDEPLOY_<OPTION> variables and from a committed\n"
      "ecsdeploy.yml (precedence: flag > environment > config file > default).\n"
      "Progress goes to stderr; results and --output json go to stdout.\n\n"
      "Exit codes: 0 success, 1 unexpected error, 2 bad usage or invalid input,\n"
      "3 preflight failed (nothing changed), 4 rollout failed, 5 timed out, 130 interrupted.\n\n"
      "Run 'ecsdeploy <command> --help' for a command's options and an example.\n";
  return out;
}

std::string command_help(const Command& c) {
  std::string out =
      "Usage: ecsdeploy " + std::string(c.usage) + "\n\n" + std::string(c.description) + "\n";
  if (!c.options.empty()) {
    out += "\nOptions:\n" + option_lines(c.options);
  }
  out +=
      "\nGlobal options (--region, --profile, --endpoint-url, --output, ...): see "
      "'ecsdeploy --help'.\n\nExample:\n  " +
      std::string(c.example) + "\n";
  return out;
}

}  // namespace cli
