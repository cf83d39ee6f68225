#include "cli/args.h"

#include <string_view>

namespace cli {

const OptionSpec* find_option(OptionTable table, std::string_view name) {
  for (const OptionSpec& spec : table) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

namespace {

util::Error usage(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

const OptionSpec* find_short(OptionTable table, char c) {
  for (const OptionSpec& spec : table) {
    if (spec.short_name != 0 && spec.short_name == c) {
      return &spec;
    }
  }
  return nullptr;
}

struct Match {
  const OptionSpec* spec = nullptr;
  bool negated = false;
};

// Finds a long option in the global table first, then in the command's.
Match find_long(std::string_view name, OptionTable globals,
                const std::optional<OptionTable>& command) {
  for (OptionTable table : {globals, command.value_or(OptionTable{})}) {
    if (const OptionSpec* spec = find_option(table, name)) {
      return {spec, false};
    }
    if (name.starts_with("no-")) {
      const OptionSpec* spec = find_option(table, name.substr(3));
      if (spec != nullptr && spec->kind == ArgKind::Flag && spec->negatable) {
        return {spec, true};
      }
    }
  }
  return {};
}

class Parser {
 public:
  Parser(const std::vector<std::string>& args, OptionTable globals, const CommandLookup& commands)
      : m_args(args), m_globals(globals), m_commands(commands) {}

  util::Result<ParsedArgs> run() {
    for (m_i = 0; m_i < m_args.size(); ++m_i) {
      const std::string& arg = m_args[m_i];
      util::Status st;
      if (arg == "--") {
        if (m_i + 1 < m_args.size()) {
          return usage("unexpected argument '" + m_args[m_i + 1] + "'");
        }
        break;
      }
      if (arg.starts_with("--")) {
        st = long_option(arg);
      } else if (arg.size() > 1 && arg[0] == '-') {
        st = short_options(arg);
      } else {
        st = positional(arg);
      }
      if (!st) {
        return st.take_error();
      }
    }
    return std::move(m_out);
  }

 private:
  util::Status positional(const std::string& arg) {
    if (!m_out.command.empty()) {
      return usage("unexpected argument '" + arg + "' (see 'ecsdeploy " + m_out.command +
                   " --help')");
    }
    m_table = m_commands(arg);
    if (!m_table) {
      return usage("unknown command '" + arg + "' (see 'ecsdeploy --help')");
    }
    m_out.command = arg;
    return {};
  }

  util::Status long_option(const std::string& arg) {
    std::string_view body = std::string_view(arg).substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = body.find('='); eq != std::string_view::npos) {
      inline_value = std::string(body.substr(eq + 1));
      body = body.substr(0, eq);
    }
    Match m = find_long(body, m_globals, m_table);
    if (m.spec == nullptr) {
      return unknown("--" + std::string(body));
    }
    if (m.spec->kind == ArgKind::Flag) {
      if (inline_value) {
        return usage("option '--" + std::string(body) + "' takes no value");
      }
      return set_flag(*m.spec, !m.negated);
    }
    if (inline_value) {
      m_out.values[std::string(m.spec->name)] = *inline_value;
      return {};
    }
    return take_value(*m.spec, "--" + std::string(body));
  }

  // -v, -h, -vv; a value option may be the last letter of a group (-r us-east-1 style).
  util::Status short_options(const std::string& arg) {
    for (size_t k = 1; k < arg.size(); ++k) {
      const OptionSpec* spec = find_short(m_globals, arg[k]);
      if (spec == nullptr && m_table) {
        spec = find_short(*m_table, arg[k]);
      }
      if (spec == nullptr) {
        return unknown(std::string("-") + arg[k]);
      }
      if (spec->kind == ArgKind::Value) {
        if (k + 1 != arg.size()) {
          m_out.values[std::string(spec->name)] = arg.substr(k + 1);
          return {};
        }
        return take_value(*spec, std::string("-") + arg[k]);
      }
      if (util::Status st = set_flag(*spec, true); !st) {
        return st;
      }
    }
    return {};
  }

  util::Status set_flag(const OptionSpec& spec, bool on) {
    if (spec.name == "verbose") {
      m_out.verbosity += on ? 1 : 0;
    }
    m_out.values[std::string(spec.name)] = on ? "true" : "false";
    return {};
  }

  util::Status take_value(const OptionSpec& spec, const std::string& spelled) {
    if (m_i + 1 >= m_args.size()) {
      return usage("option '" + spelled + "' needs a value (" + std::string(spec.value_name) + ")");
    }
    m_out.values[std::string(spec.name)] = m_args[++m_i];
    return {};
  }

  util::Error unknown(const std::string& spelled) const {
    if (m_out.command.empty()) {
      return usage("unknown option '" + spelled +
                   "' (command options go after the command; see 'ecsdeploy --help')");
    }
    return usage("unknown option '" + spelled + "' for 'ecsdeploy " + m_out.command +
                 "' (see 'ecsdeploy " + m_out.command + " --help')");
  }

  const std::vector<std::string>& m_args;
  OptionTable m_globals;
  const CommandLookup& m_commands;
  std::optional<OptionTable> m_table;
  ParsedArgs m_out;
  size_t m_i = 0;
};

}  // namespace

util::Result<ParsedArgs> parse_argv(const std::vector<std::string>& args, OptionTable globals,
                                    const CommandLookup& commands) {
  return Parser(args, globals, commands).run();
}

}  // namespace cli
