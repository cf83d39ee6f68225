#pragma once
// Path-aware accessors for scenario validation: each failure throws ScenarioError with the
// JSON path ("services[0].desiredCount: expected a non-negative integer").
#include <set>
#include <string>
#include <vector>

#include "core/json_access.h"
#include "core/scenario.h"

namespace emulator {

class ScenarioReader {
 public:
  ScenarioReader(const Json& node, std::string path) : m_node(node), m_path(std::move(path)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
  void require_object() const;
  void allow_only(const std::set<std::string>& keys) const;
  bool has(const std::string& key) const;
  std::string str(const std::string& key, const std::string& def) const;
  std::string required_str(const std::string& key) const;
  long long non_negative(const std::string& key, long long def) const;
  double number(const std::string& key, double def) const;
  bool boolean(const std::string& key, bool def) const;
  std::vector<std::string> strings(const std::string& key) const;
  const Json& array(const std::string& key) const;   // empty array when absent
  const Json& object(const std::string& key) const;  // null when absent
  ScenarioReader child(const std::string& key) const;
  ScenarioReader element(const std::string& key, std::size_t index) const;
  const std::string& path() const { return m_path; }
  std::string path_of(const std::string& key) const;
  const Json& node() const { return m_node; }

 private:
  const Json& m_node;
  std::string m_path;
};

}  // namespace emulator
