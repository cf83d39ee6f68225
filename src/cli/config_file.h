#pragma once
// ecsdeploy.yml / ecsdeploy.json: committed deploy targets, so cluster and service names are
// reviewed like code (contributing.md, S11). One entry per target:
//
//   web:                      # or nested under a top-level "targets:" key
//     cluster: stg
//     service: web
//     container: app
//     family: web
//     repository: web         # ECR repository name
//     expect_account: "123456789012"
//     region: ap-northeast-1
//
// yaml-cpp enters the program only through config_file.cpp (contributing.md, principle 14); JSON
// files are read by the same parser since JSON is YAML.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace cli {

struct ConfigTarget {
  std::string name;
  std::vector<std::pair<std::string, std::string>> values;  // key -> scalar, file order

  // The value for `key`, or nullopt.
  std::optional<std::string> get(std::string_view key) const;
};

struct ConfigFile {
  std::string path;  // for messages: "ecsdeploy.yml"
  std::vector<ConfigTarget> targets;
};

// Keys a target may hold; anything else is a typo and an error.
const std::vector<std::string_view>& config_keys();

// Pure: parses file text. Errors (InvalidInput) name the file and, when known, the line.
util::Result<ConfigFile> parse_config_text(std::string_view text, const std::string& path);

// Reads `explicit_path` (must exist) or, when not given, the first of ecsdeploy.yml,
// ecsdeploy.yaml, ecsdeploy.json in `directory`. nullopt when no file is found.
util::Result<std::optional<ConfigFile>> load_config_file(
    const std::optional<std::string>& explicit_path, const std::string& directory);

// The target named `name`, or the only one when `name` is not given. nullptr when the file
// has several targets and none was named. Errors: unknown name (listing the known ones).
util::Result<const ConfigTarget*> select_target(const ConfigFile& file,
                                                const std::optional<std::string>& name);

}  // namespace cli
