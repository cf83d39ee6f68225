#pragma once
// Env: read access to environment variables and the home directory, injectable for tests.

#include <map>
#include <optional>
#include <string>

namespace util {

class Env {
 public:
  virtual ~Env() = default;
  // The variable's value; nullopt when unset. An empty value is returned as "".
  virtual std::optional<std::string> get(const std::string& name) const = 0;
  // get() that treats unset and empty alike.
  std::optional<std::string> get_nonempty(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  // $HOME, falling back to the passwd entry.
  virtual std::string home() const;
};

class ProcessEnv final : public Env {
 public:
  std::optional<std::string> get(const std::string& name) const override;
};

class MapEnv final : public Env {
 public:
  MapEnv() = default;
  explicit MapEnv(std::map<std::string, std::string> vars) : m_vars(std::move(vars)) {}
  std::optional<std::string> get(const std::string& name) const override;
  void set(const std::string& name, const std::string& value) { m_vars[name] = value; }
  void unset(const std::string& name) { m_vars.erase(name); }

 private:
  std::map<std::string, std::string> m_vars;
};

}  // namespace util
