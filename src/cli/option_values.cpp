#include "cli/option_values.h"

#include <algorithm>
#include <cctype>

namespace cli {

std::optional<bool> parse_bool(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") {
    return true;
  }
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") {
    return false;
  }
  return std::nullopt;
}

util::Result<OptionValues> OptionValues::resolve(OptionTable table, const ParsedArgs& args,
                                                 const util::Env& env, const ConfigTarget* target,
                                                 const std::string& config_path) {
  OptionValues out;
  for (const OptionSpec& spec : table) {
    const std::string name(spec.name);
    if (auto it = args.values.find(name); it != args.values.end()) {
      out.set(name, {it->second, ValueSource::Flag, "--" + name});
      continue;
    }
    if (!spec.env.empty()) {
      // Empty variables count as unset: CI templates often pass "" for optional inputs.
      if (auto v = env.get_nonempty(std::string(spec.env))) {
        std::string value = *v;
        if (spec.kind == ArgKind::Flag) {
          auto b = parse_bool(value);
          if (!b) {
            return util::make_error(
                util::ErrorKind::InvalidInput,
                std::string(spec.env) + "='" + value + "' is not a boolean (use true or false)");
          }
          value = *b ? "true" : "false";
        }
        out.set(name, {value, ValueSource::Env, std::string(spec.env)});
        continue;
      }
    }
    if (target != nullptr && !spec.config_key.empty()) {
      if (auto v = target->get(spec.config_key)) {
        out.set(name, {*v, ValueSource::Config,
                       config_path + " (target '" + target->name + "', " +
                           std::string(spec.config_key) + ")"});
        continue;
      }
    }
    if (!spec.default_value.empty()) {
      out.set(name, {std::string(spec.default_value), ValueSource::Default, "default"});
    }
  }
  return out;
}

const OptionValue* OptionValues::find(std::string_view name) const {
  auto it = m_values.find(name);
  return it == m_values.end() ? nullptr : &it->second;
}

std::optional<std::string> OptionValues::get(std::string_view name) const {
  const OptionValue* v = find(name);
  return v != nullptr ? std::optional<std::string>(v->value) : std::nullopt;
}

bool OptionValues::flag(std::string_view name) const {
  const OptionValue* v = find(name);
  return v != nullptr && v->value == "true";
}

std::string OptionValues::origin(std::string_view name) const {
  const OptionValue* v = find(name);
  return v != nullptr ? v->origin : "--" + std::string(name);
}

}  // namespace cli
