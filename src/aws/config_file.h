#pragma once
// The shared AWS files (~/.aws/config and ~/.aws/credentials), read the way botocore reads
// them: INI sections, option names lower-cased, '=' or ':' as delimiter, whole-line '#'/';'
// comments (no inline comments), indented continuation lines, and nested sub-sections
// ("ecs =\n  endpoint_url = ...") as used by [services x] sections.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/env.h"
#include "util/result.h"

namespace aws {

struct ConfigSection {
  std::map<std::string, std::string> values;
  std::map<std::string, std::map<std::string, std::string>> nested;

  // The value of `key` (lower-case); nullopt when absent.
  std::optional<std::string> get(std::string_view key) const;
  // get() that treats an empty value as absent.
  std::optional<std::string> get_nonempty(std::string_view key) const;
  // A nested sub-section's value ("ecs" / "endpoint_url").
  std::optional<std::string> get_nested(std::string_view section, std::string_view key) const;
};

struct ConfigFile {
  std::string path;  // as shown in messages ("~/.aws/config")
  std::map<std::string, ConfigSection, std::less<>> sections;  // by the text inside [ ]
  const ConfigSection* find(std::string_view name) const;
};

// Parses INI text. `display_path` names the file in errors ("~/.aws/config:7: ..."). Errors
// never quote the offending line, since it may hold a secret.
util::Result<ConfigFile> parse_config(std::string_view text, std::string display_path);

// Reads and parses a file. A missing file is an empty ConfigFile; an unreadable one an error.
util::Result<ConfigFile> load_config_file(const std::string& path, std::string display_path);

// `path` with a leading home directory replaced by "~", for messages.
std::string display_path(const std::string& path, const util::Env& env);
// `path` with a leading "~/" expanded to the home directory.
std::string expand_home(const std::string& path, const util::Env& env);

// Both shared files, as the CLI combines them.
class SharedConfig {
 public:
  SharedConfig() = default;
  SharedConfig(ConfigFile config, ConfigFile credentials)
      : m_config(std::move(config)), m_credentials(std::move(credentials)) {}

  // Reads AWS_CONFIG_FILE (default ~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE
  // (default ~/.aws/credentials).
  static util::Result<SharedConfig> load(const util::Env& env);

  // True when either file has the profile.
  bool has_profile(std::string_view name) const;
  // The profile's settings: credentials-file [name] over config-file [profile name]
  // ([default] for "default"). nullopt when neither file has it.
  std::optional<ConfigSection> profile(std::string_view name) const;
  const ConfigSection* sso_session(std::string_view name) const;
  const ConfigSection* services(std::string_view name) const;

  const ConfigFile& config_file() const { return m_config; }
  const ConfigFile& credentials_file() const { return m_credentials; }

 private:
  ConfigFile m_config;
  ConfigFile m_credentials;
};

}  // namespace aws
