#include "services/json_read.h"

#include <cmath>

#include "aws/json_protocol.h"

namespace services::json_read {

namespace {
const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}
}  // namespace

std::string str(const Json& object, std::string_view key) {
  const Json* m = member(object, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

std::optional<int> opt_integer(const Json& object, std::string_view key) {
  const Json* m = member(object, key);
  if (m && m->is_number_integer()) {
    return m->get<int>();
  }
  if (m && m->is_number()) {
    return static_cast<int>(m->get<double>());
  }
  return std::nullopt;
}

std::optional<double> opt_number(const Json& object, std::string_view key) {
  const Json* m = member(object, key);
  if (m && m->is_number()) {
    double v = m->get<double>();
    if (std::isfinite(v)) {
      return v;
    }
  }
  return std::nullopt;
}

int integer(const Json& object, std::string_view key, int fallback) {
  return opt_integer(object, key).value_or(fallback);
}

bool boolean(const Json& object, std::string_view key, bool fallback) {
  const Json* m = member(object, key);
  return m && m->is_boolean() ? m->get<bool>() : fallback;
}

std::optional<util::SystemTime> time(const Json& object, std::string_view key) {
  const Json* m = member(object, key);
  if (!m) {
    return std::nullopt;
  }
  return aws::json_protocol::epoch_seconds(*m);
}

const Json& array(const Json& object, std::string_view key) {
  static const Json empty = Json::array();
  const Json* m = member(object, key);
  return m && m->is_array() ? *m : empty;
}

const Json& object(const Json& o, std::string_view key) {
  static const Json empty = Json::object();
  const Json* m = member(o, key);
  return m && m->is_object() ? *m : empty;
}

std::vector<std::string> strings(const Json& object, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& v : array(object, key)) {
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
    }
  }
  return out;
}

util::Result<std::vector<std::string>> listing(const Json& answer, std::string_view key,
                                               std::string_view operation) {
  auto malformed = [&](const std::string& what) {
    return util::make_error(util::ErrorKind::ProtocolError,
                            std::string(operation) + " answered a malformed listing: " + what);
  };
  const Json* m = member(answer, key);
  if (m == nullptr) {
    for (const auto& [name, value] : answer.items()) {
      if (name != "nextToken") {
        return malformed("no " + std::string(key) + ", but '" + name + "'");
      }
    }
    return std::vector<std::string>{};
  }
  if (!m->is_array()) {
    return malformed(std::string(key) + " is not a list");
  }
  std::vector<std::string> out;
  for (const auto& v : *m) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return malformed(std::string(key) + " holds " +
                       (v.is_string() ? std::string("an empty string") : "a non-string"));
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace services::json_read
