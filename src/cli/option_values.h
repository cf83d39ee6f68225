#pragma once
// OptionValues: each option's effective value and where it came from, resolved with the
// precedence flag > environment > config file > default. Pure: the environment and the
// config target are passed in.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "cli/args.h"
#include "cli/config_file.h"
#include "cli/option_spec.h"
#include "util/env.h"
#include "util/result.h"

namespace cli {

enum class ValueSource { Flag, Env, Config, Default };

struct OptionValue {
  std::string value;  // flags normalised to "true"/"false"
  ValueSource source = ValueSource::Default;
  std::string origin;  // for messages: "--cluster", "ECSDEPLOY_CLUSTER", "ecsdeploy.yml (web)"
};

class OptionValues {
 public:
  // Errors: a flag-type environment variable that is not a boolean (ECSDEPLOY_DRY_RUN=maybe).
  static util::Result<OptionValues> resolve(OptionTable table, const ParsedArgs& args,
                                            const util::Env& env, const ConfigTarget* target,
                                            const std::string& config_path);

  const OptionValue* find(std::string_view name) const;
  // The value when set by any source.
  std::optional<std::string> get(std::string_view name) const;
  // A flag's value; false when unset.
  bool flag(std::string_view name) const;
  // Where `name` came from, for messages ("--cluster"); "--<name>" when unset.
  std::string origin(std::string_view name) const;

  void set(std::string name, OptionValue value) { m_values[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, OptionValue, std::less<>> m_values;
};

// "true"/"1"/"yes"/"on" and "false"/"0"/"no"/"off" (case-insensitive); nullopt otherwise.
std::optional<bool> parse_bool(std::string_view text);

}  // namespace cli
