#include "aws/config_file.h"

#include <algorithm>
#include <cctype>

#include "util/file_read.h"
#include "util/input_limits.h"

namespace aws {

namespace {

std::string_view trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && std::isspace(static_cast<unsigned char>(s[b]))) {
    ++b;
  }
  size_t e = s.size();
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) {
    --e;
  }
  return s.substr(b, e - b);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

util::Error parse_error(const std::string& path, size_t line, std::string_view what) {
  return util::make_error(util::ErrorKind::InvalidInput,
                          path + ":" + std::to_string(line) + ": " + std::string(what),
                          "MalformedConfigFile");
}

// Splits "key = value" / "key: value" at the first delimiter, as configparser does.
bool split_option(std::string_view line, std::string& key, std::string& value) {
  size_t pos = line.find_first_of("=:");
  if (pos == std::string_view::npos) {
    return false;
  }
  key = lower(trim(line.substr(0, pos)));
  value = std::string(trim(line.substr(pos + 1)));
  return !key.empty();
}

}  // namespace

std::optional<std::string> ConfigSection::get(std::string_view key) const {
  auto it = values.find(std::string(key));
  if (it == values.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<std::string> ConfigSection::get_nonempty(std::string_view key) const {
  auto v = get(key);
  if (!v || v->empty()) {
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> ConfigSection::get_nested(std::string_view section,
                                                     std::string_view key) const {
  auto it = nested.find(std::string(section));
  if (it == nested.end()) {
    return std::nullopt;
  }
  auto kt = it->second.find(std::string(key));
  if (kt == it->second.end()) {
    return std::nullopt;
  }
  return kt->second;
}

const ConfigSection* ConfigFile::find(std::string_view name) const {
  auto it = sections.find(name);
  return it == sections.end() ? nullptr : &it->second;
}

util::Result<ConfigFile> parse_config(std::string_view text, std::string display_path) {
  ConfigFile file;
  file.path = std::move(display_path);
  ConfigSection* section = nullptr;
  std::string current_key;    // option that continuation lines extend
  bool nested_block = false;  // current option started empty: continuations are sub-keys
  size_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) {
      eol = text.size();
    }
    std::string_view raw = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line_no == 1 && raw.substr(0, 3) == "\xEF\xBB\xBF") {
      raw.remove_prefix(3);  // UTF-8 byte order mark
    }
    std::string_view line = trim(raw);
    if (line.empty()) {
      current_key.clear();
      continue;
    }
    if (line.front() == '#' || line.front() == ';') {
      continue;
    }
    const bool indented = std::isspace(static_cast<unsigned char>(raw.front())) != 0;
    if (indented && section != nullptr && !current_key.empty()) {
      if (nested_block) {
        std::string key;
        std::string value;
        if (!split_option(line, key, value)) {
          return parse_error(
              file.path, line_no,
              "expected 'key = value' inside the nested '" + current_key + "' block");
        }
        section->nested[current_key][key] = value;
      } else {
        section->values[current_key] += "\n" + std::string(line);
      }
      continue;
    }
    if (line.front() == '[') {
      size_t close = line.rfind(']');
      if (close == std::string_view::npos) {
        return parse_error(file.path, line_no, "section header is missing its closing ']'");
      }
      std::string_view name = trim(line.substr(1, close - 1));
      if (name.empty()) {
        return parse_error(file.path, line_no, "empty section name '[]'");
      }
      section = &file.sections[std::string(name)];  // a repeated section merges
      current_key.clear();
      continue;
    }
    std::string key;
    std::string value;
    if (!split_option(line, key, value)) {
      return parse_error(file.path, line_no, "expected '[section]' or 'key = value'");
    }
    if (section == nullptr) {
      return parse_error(file.path, line_no, "setting appears before any [section] header");
    }
    section->values[key] = value;
    current_key = key;
    nested_block = value.empty();
  }
  return file;
}

util::Result<ConfigFile> load_config_file(const std::string& path, std::string display) {
  auto text = util::read_small_regular_file(path, util::k_max_config_file_bytes, display);
  if (!text) {
    if (text.error().code == util::k_file_not_found_code) {
      ConfigFile empty;
      empty.path = std::move(display);
      return empty;
    }
    util::Error e = text.take_error();
    e.code = "UnreadableConfigFile";
    return e;
  }
  return parse_config(*text, std::move(display));
}

std::string display_path(const std::string& path, const util::Env& env) {
  std::string home = env.home();
  while (home.size() > 1 && home.back() == '/') {
    home.pop_back();
  }
  if (home.size() > 1 && path.size() > home.size() && path.compare(0, home.size(), home) == 0 &&
      path[home.size()] == '/') {
    return "~" + path.substr(home.size());
  }
  return path;
}

std::string expand_home(const std::string& path, const util::Env& env) {
  if (path == "~") {
    return env.home();
  }
  if (path.size() >= 2 && path[0] == '~' && path[1] == '/') {
    return env.home() + path.substr(1);
  }
  return path;
}

util::Result<SharedConfig> SharedConfig::load(const util::Env& env) {
  std::string config_path =
      expand_home(env.get_or("AWS_CONFIG_FILE", env.home() + "/.aws/config"), env);
  std::string creds_path =
      expand_home(env.get_or("AWS_SHARED_CREDENTIALS_FILE", env.home() + "/.aws/credentials"), env);
  auto config = load_config_file(config_path, display_path(config_path, env));
  if (!config) {
    return config.take_error();
  }
  auto creds = load_config_file(creds_path, display_path(creds_path, env));
  if (!creds) {
    return creds.take_error();
  }
  return SharedConfig(std::move(config).value(), std::move(creds).value());
}

bool SharedConfig::has_profile(std::string_view name) const {
  return profile(name).has_value();
}

std::optional<ConfigSection> SharedConfig::profile(std::string_view name) const {
  std::optional<ConfigSection> out;
  auto merge = [&out](const ConfigSection* s) {
    if (s == nullptr) {
      return;
    }
    if (!out) {
      out.emplace();
    }
    for (const auto& [k, v] : s->values) {
      out->values[k] = v;
    }
    for (const auto& [k, v] : s->nested) {
      out->nested[k] = v;
    }
  };
  if (name == "default") {
    merge(m_config.find("default"));
  }
  // botocore accepts "[profile  name]" with any whitespace between the two words.
  for (const auto& [section_name, section] : m_config.sections) {
    std::string_view s = section_name;
    if (s.size() > 8 && s.substr(0, 7) == "profile" &&
        std::isspace(static_cast<unsigned char>(s[7])) && trim(s.substr(8)) == name) {
      merge(&section);
    }
  }
  merge(m_credentials.find(name));
  return out;
}

namespace {
const ConfigSection* find_typed(const ConfigFile& file, std::string_view type,
                                std::string_view name) {
  for (const auto& [section_name, section] : file.sections) {
    std::string_view s = section_name;
    if (s.size() > type.size() + 1 && s.substr(0, type.size()) == type &&
        std::isspace(static_cast<unsigned char>(s[type.size()])) &&
        trim(s.substr(type.size() + 1)) == name) {
      return &section;
    }
  }
  return nullptr;
}
}  // namespace

const ConfigSection* SharedConfig::sso_session(std::string_view name) const {
  return find_typed(m_config, "sso-session", name);
}

const ConfigSection* SharedConfig::services(std::string_view name) const {
  return find_typed(m_config, "services", name);
}

}  // namespace aws
