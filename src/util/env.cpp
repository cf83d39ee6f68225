#include "util/env.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace util {

std::optional<std::string> Env::get_nonempty(const std::string& name) const {
  auto v = get(name);
  if (!v || v->empty()) {
    return std::nullopt;
  }
  return v;
}

std::string Env::get_or(const std::string& name, const std::string& fallback) const {
  auto v = get_nonempty(name);
  return v ? *v : fallback;
}

std::string Env::home() const {
  if (auto h = get_nonempty("HOME")) {
    return *h;
  }
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    return pw->pw_dir;
  }
  return "/";
}

std::optional<std::string> ProcessEnv::get(const std::string& name) const {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) {
    return std::nullopt;
  }
  return std::string(v);
}

std::optional<std::string> MapEnv::get(const std::string& name) const {
  auto it = m_vars.find(name);
  if (it == m_vars.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace util
