#include "cli/cmd_deploy_services.h"

#include <set>

#include "cli/cmd_deploy.h"

namespace cli {

namespace {

// Options that name one service's target: each config entry supplies its own.
constexpr std::string_view k_per_service[] = {"cluster", "service", "container", "family",
                                              "repository"};

util::Error invalid(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::string known_names(const ConfigFile& file) {
  std::string out;
  for (const auto& t : file.targets) {
    out += (out.empty() ? "" : ", ") + t.name;
  }
  return out;
}

}  // namespace

bool wants_several_services(const OptionValues& values) {
  return values.get("services").has_value() || values.flag("all-services");
}

util::Result<ServicesSelection> parse_deploy_services(const OptionValues& values,
                                                      const util::Env& env,
                                                      const std::optional<ConfigFile>& config,
                                                      const std::optional<std::string>& target) {
  const auto list = values.get("services");
  const bool all = values.flag("all-services");
  if (list && all) {
    return invalid("give either --services or --all-services, not both");
  }
  if (!config) {
    return invalid(
        "--services and --all-services deploy entries of ecsdeploy.yml/.json, and none was "
        "found (use --config FILE)");
  }
  if (target) {
    return invalid("--target selects one entry; with --services name the entries there instead");
  }
  for (std::string_view key : k_per_service) {
    const OptionValue* v = values.find(key);
    if (v != nullptr && (v->source == ValueSource::Flag || v->source == ValueSource::Env)) {
      return invalid(v->origin + " names one service's " + std::string(key) +
                     "; with several services each config entry gives its own (remove it)");
    }
  }

  ServicesSelection out;
  if (all) {
    for (const auto& t : config->targets) {
      out.entries.push_back(t.name);
    }
  } else {
    std::string_view rest = *list;
    while (true) {
      size_t comma = rest.find(',');
      std::string name = trim(rest.substr(0, comma));
      if (name.empty()) {
        return invalid("--services takes comma-separated entry names of " + config->path +
                       ", e.g. web,worker");
      }
      out.entries.push_back(name);
      if (comma == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(comma + 1);
    }
  }
  if (out.entries.empty()) {
    return invalid(config->path + " has no entries to deploy");
  }

  std::set<std::string> seen_entries;
  std::set<std::string> seen_services;
  for (const std::string& name : out.entries) {
    if (!seen_entries.insert(name).second) {
      return invalid("entry '" + name + "' is named twice in --services");
    }
    const ConfigTarget* entry = nullptr;
    for (const auto& t : config->targets) {
      if (t.name == name) {
        entry = &t;
      }
    }
    if (entry == nullptr) {
      return invalid("no entry '" + name + "' in " + config->path +
                     " (entries: " + known_names(*config) + ")");
    }
    // This entry's values. Nothing else can have set these keys: flags and environment were
    // refused above, and a config value there comes from this very entry (a file with one
    // entry is selected automatically).
    OptionValues mine = values;
    for (std::string_view key : k_per_service) {
      if (auto v = entry->get(key)) {
        mine.set(std::string(key),
                 OptionValue{*v, ValueSource::Config,
                             config->path + " (target '" + name + "', " + std::string(key) + ")"});
      }
    }
    if (auto account = entry->get("expect_account")) {
      const OptionValue* given = values.find("expect-account");
      if (given == nullptr || given->source == ValueSource::Config ||
          given->source == ValueSource::Default) {
        mine.set("expect-account",
                 OptionValue{*account, ValueSource::Config,
                             config->path + " (target '" + name + "', expect_account)"});
      }
    }
    auto parsed = parse_deploy(mine, env);
    if (!parsed) {
      util::Error e = parsed.take_error();
      e.message = "entry '" + name + "': " + e.message;
      return e;
    }
    if (!seen_services.insert(parsed->cluster + "/" + parsed->service).second) {
      return invalid("entries name service '" + parsed->service + "' of cluster '" +
                     parsed->cluster + "' twice");
    }
    // One run, one session: every entry in the same region, or none naming one.
    auto region = entry->get("region");
    if (!out.services.empty() && region != out.region) {
      return invalid("entries are in different regions (" + out.region.value_or("none") + ", " +
                     region.value_or("none") + "): deploy each region in its own run");
    }
    out.region = region;
    out.services.push_back(std::move(*parsed));
  }
  return out;
}

}  // namespace cli
