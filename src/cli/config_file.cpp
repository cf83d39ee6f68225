#include "cli/config_file.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "util/file_read.h"
#include "util/input_limits.h"

namespace cli {

namespace {

util::Error bad(const std::string& path, const std::string& message) {
  return util::make_error(util::ErrorKind::InvalidInput, path + ": " + message);
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) {
    out += out.empty() ? "" : ", ";
    out += item;
  }
  return out;
}

std::string line_of(const YAML::Node& node) {
  return node.Mark().line >= 0 ? " (line " + std::to_string(node.Mark().line + 1) + ")" : "";
}

// yaml-cpp keeps every pair of a mapping, a repeated key included, and lookups find the
// first: a repeated key would silently shadow the later one. Names both lines.
std::optional<util::Error> duplicate_key(const std::string& path, const YAML::Node& map,
                                         const std::string& prefix, const std::string& noun) {
  std::map<std::string, const YAML::Node> seen;
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    auto [it, inserted] = seen.emplace(key, kv.first);
    if (!inserted) {
      return bad(path, prefix + "duplicate " + noun + " '" + key + "' (lines " +
                           std::to_string(it->second.Mark().line + 1) + " and " +
                           std::to_string(kv.first.Mark().line + 1) + ")");
    }
  }
  return std::nullopt;
}

util::Result<ConfigTarget> parse_target(const std::string& path, const std::string& name,
                                        const YAML::Node& node) {
  if (!node.IsMap()) {
    // A flat file (`cluster: demo` at the top) lands here: say what the layout is.
    return bad(path, "target '" + name + "' must be a mapping of keys to values" + line_of(node) +
                         ": each top-level key names a target, e.g. web: {cluster: …}; see "
                         "docs/configuration.md");
  }
  if (auto dup = duplicate_key(path, node, "target '" + name + "': ", "key")) {
    return *dup;
  }
  ConfigTarget target{name, {}};
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    const auto& known = config_keys();
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return bad(path, "target '" + name + "': unknown key '" + key + "'" + line_of(kv.first) +
                           " (known keys: " + join(known) + ")");
    }
    if (!kv.second.IsScalar()) {
      return bad(
          path, "target '" + name + "': '" + key + "' must be a single value" + line_of(kv.second));
    }
    target.values.emplace_back(key, kv.second.Scalar());
  }
  return target;
}

}  // namespace

std::optional<std::string> ConfigTarget::get(std::string_view key) const {
  for (const auto& [k, v] : values) {
    if (k == key) {
      return v;
    }
  }
  return std::nullopt;
}

const std::vector<std::string_view>& config_keys() {
  static const std::vector<std::string_view> keys = {
      "cluster", "service", "container", "family", "repository", "expect_account", "region"};
  return keys;
}

util::Result<ConfigFile> parse_config_text(std::string_view text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (500 levels in 0.7) stops before its recursion overflows the stack.
    return bad(path, "nested too deeply (more than " + std::to_string(e.depth() - 1) +
                         " levels) at line " + std::to_string(e.mark.line + 1));
  } catch (const YAML::Exception& e) {
    return bad(path,
               "not valid YAML/JSON: " + e.msg + " (line " + std::to_string(e.mark.line + 1) + ")");
  }
  ConfigFile file{path, {}};
  if (root.IsNull()) {
    return file;
  }
  try {
    if (root.IsMap() && root["targets"]) {
      // With a `targets:` key every target sits under it; anything beside it is a mistake
      // (it would otherwise read as a target named "targets" with unknown keys).
      for (const auto& kv : root) {
        if (kv.first.as<std::string>() != "targets") {
          return bad(path, "unknown top-level key '" + kv.first.as<std::string>() + "'" +
                               line_of(kv.first) +
                               ": next to 'targets:', the only top-level key is 'targets'; put "
                               "each target under it (docs/configuration.md)");
        }
      }
      if (auto dup = duplicate_key(path, root, "", "top-level key")) {
        return *dup;
      }
      root = root["targets"];
    }
    if (!root.IsMap()) {
      return bad(path, "expected a mapping of target names to settings");
    }
    if (auto dup = duplicate_key(path, root, "", "target")) {
      return *dup;
    }
    for (const auto& kv : root) {
      auto target = parse_target(path, kv.first.as<std::string>(), kv.second);
      if (!target) {
        return target.take_error();
      }
      file.targets.push_back(std::move(*target));
    }
  } catch (const YAML::Exception& e) {
    return bad(path, "unexpected structure: " + e.msg);
  }
  return file;
}

util::Result<std::optional<ConfigFile>> load_config_file(
    const std::optional<std::string>& explicit_path, const std::string& directory) {
  std::string path;
  if (explicit_path) {
    path = *explicit_path;
  } else {
    for (const char* candidate : {"ecsdeploy.yml", "ecsdeploy.yaml", "ecsdeploy.json"}) {
      std::error_code ec;
      std::filesystem::path p = std::filesystem::path(directory) / candidate;
      if (std::filesystem::is_regular_file(p, ec)) {
        path = p.string();
        break;
      }
    }
    if (path.empty()) {
      return std::optional<ConfigFile>{};
    }
  }
  auto text = util::read_small_regular_file(path, util::k_max_config_file_bytes,
                                            "config file '" + path + "'");
  if (!text) {
    return text.take_error();
  }
  auto parsed = parse_config_text(*text, path);
  if (!parsed) {
    return parsed.take_error();
  }
  return std::optional<ConfigFile>(std::move(*parsed));
}

util::Result<const ConfigTarget*> select_target(const ConfigFile& file,
                                                const std::optional<std::string>& name) {
  if (!name) {
    return file.targets.size() == 1 ? &file.targets.front() : nullptr;
  }
  std::vector<std::string_view> names;
  for (const ConfigTarget& target : file.targets) {
    if (target.name == *name) {
      return &target;
    }
    names.push_back(target.name);
  }
  return util::make_error(
      util::ErrorKind::InvalidInput,
      "target '" + *name + "' not found in " + file.path +
          (names.empty() ? " (the file has no targets)" : " (targets: " + join(names) + ")"));
}

}  // namespace cli
