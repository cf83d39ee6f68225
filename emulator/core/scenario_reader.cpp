#include "core/scenario_reader.h"

namespace emulator {

std::string ScenarioReader::path_of(const std::string& key) const {
  if (key.empty()) {
    return m_path;
  }
  return m_path.empty() ? key : m_path + "." + key;
}

void ScenarioReader::fail(const std::string& key, const std::string& problem) const {
  std::string p = path_of(key);
  throw ScenarioError((p.empty() ? std::string("(top level)") : p) + ": " + problem);
}

void ScenarioReader::require_object() const {
  if (!m_node.is_object()) {
    fail("", "expected an object");
  }
}

void ScenarioReader::allow_only(const std::set<std::string>& keys) const {
  require_object();
  for (auto it = m_node.begin(); it != m_node.end(); ++it) {
    if (keys.count(it.key()) == 0) {
      fail(it.key(), "unknown field");
    }
  }
}

bool ScenarioReader::has(const std::string& key) const {
  return m_node.is_object() && m_node.contains(key) && !m_node[key].is_null();
}

std::string ScenarioReader::str(const std::string& key, const std::string& def) const {
  if (!has(key)) {
    return def;
  }
  if (!m_node[key].is_string()) {
    fail(key, "expected a string");
  }
  return m_node[key].get<std::string>();
}

std::string ScenarioReader::required_str(const std::string& key) const {
  if (!has(key)) {
    fail(key, "required");
  }
  std::string v = str(key, "");
  if (v.empty()) {
    fail(key, "expected a non-empty string");
  }
  return v;
}

long long ScenarioReader::non_negative(const std::string& key, long long def) const {
  if (!has(key)) {
    return def;
  }
  const Json& v = m_node[key];
  if (!v.is_number_integer() || v.get<long long>() < 0) {
    fail(key, "expected a non-negative integer");
  }
  return v.get<long long>();
}

double ScenarioReader::number(const std::string& key, double def) const {
  if (!has(key)) {
    return def;
  }
  const Json& v = m_node[key];
  if (!v.is_number() || v.get<double>() < 0) {
    fail(key, "expected a non-negative number");
  }
  return v.get<double>();
}

bool ScenarioReader::boolean(const std::string& key, bool def) const {
  if (!has(key)) {
    return def;
  }
  if (!m_node[key].is_boolean()) {
    fail(key, "expected true or false");
  }
  return m_node[key].get<bool>();
}

std::vector<std::string> ScenarioReader::strings(const std::string& key) const {
  std::vector<std::string> out;
  const Json& a = array(key);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) {
      fail(key + "[" + std::to_string(i) + "]", "expected a string");
    }
    out.push_back(a[i].get<std::string>());
  }
  return out;
}

const Json& ScenarioReader::array(const std::string& key) const {
  static const Json k_empty = Json::array();
  if (!has(key)) {
    return k_empty;
  }
  if (!m_node[key].is_array()) {
    fail(key, "expected an array");
  }
  return m_node[key];
}

const Json& ScenarioReader::object(const std::string& key) const {
  static const Json k_null;
  if (!has(key)) {
    return k_null;
  }
  if (!m_node[key].is_object()) {
    fail(key, "expected an object");
  }
  return m_node[key];
}

ScenarioReader ScenarioReader::child(const std::string& key) const {
  return ScenarioReader(object(key), path_of(key));
}

ScenarioReader ScenarioReader::element(const std::string& key, std::size_t index) const {
  return ScenarioReader(array(key)[index], path_of(key) + "[" + std::to_string(index) + "]");
}

}  // namespace emulator
