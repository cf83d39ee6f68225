#pragma once
// OptionSpec: one row in a command's option table. The same table drives argv parsing,
// environment and config-file fallbacks, and the help text, so they cannot drift apart.

#include <span>
#include <string_view>

namespace cli {

enum class ArgKind {
  Flag,   // --dry-run; with `negatable`, --no-dry-run too
  Value,  // --cluster NAME or --cluster=NAME
};

struct OptionSpec {
  std::string_view name;  // long name without dashes: "cluster"
  char short_name = 0;    // 'v' for -v; 0 when none
  ArgKind kind = ArgKind::Value;
  std::string_view value_name;     // "NAME" in the help text
  std::string_view help;           // one line
  std::string_view env;            // "ECSDEPLOY_CLUSTER"; empty when not read from the env
  std::string_view config_key;     // "cluster" in ecsdeploy.yml; empty when not in the file
  bool negatable = false;          // a Flag that also accepts --no-<name>
  std::string_view default_value;  // shown in help and used when nothing else sets it
};

using OptionTable = std::span<const OptionSpec>;

// The spec named `name` in `table`, or nullptr.
const OptionSpec* find_option(OptionTable table, std::string_view name);

}  // namespace cli
