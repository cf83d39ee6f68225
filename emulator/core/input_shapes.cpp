#include "core/input_shapes.h"

namespace emulator {
namespace {

const Json& input_shapes() {
  static const Json k_shapes = Json::parse(k_input_shapes_json);
  return k_shapes;
}

const char* expected_scalar(char type) {
  switch (type) {
    case 's':
      return "a string";
    case 'i':
      return "an integer";
    case 'b':
      return "a boolean";
    case 'n':
      return "a number";
    default:
      return "a timestamp (epoch seconds)";
  }
}

bool scalar_matches(char type, const Json& v) {
  switch (type) {
    case 's':
      return v.is_string();
    case 'i':
      return v.is_number_integer();
    case 'b':
      return v.is_boolean();
    case 'n':
      return v.is_number();
    default:
      return v.is_number() || v.is_string();  // epoch seconds, or an ISO 8601 string
  }
}

std::optional<std::string> mismatch(const std::string& path, const char* expected) {
  return "Unexpected value for member '" + path + "': expected " + expected;
}

// Depth is bounded by the request's (k_max_json_depth), which the front door checked.
std::optional<std::string> check(const Json& v, const std::string& shape, const std::string& path) {
  if (v.is_null()) {
    return std::nullopt;
  }
  if (shape.size() == 1) {
    return scalar_matches(shape[0], v) ? std::nullopt : mismatch(path, expected_scalar(shape[0]));
  }
  const Json& shapes = input_shapes()["shapes"];
  auto it = shapes.find(shape);
  if (it == shapes.end()) {
    return std::nullopt;
  }
  if (auto members = it->find("o"); members != it->end()) {
    if (!v.is_object()) {
      return mismatch(path, "a structure (JSON object)");
    }
    for (const auto& [name, value] : v.items()) {
      auto member = members->find(name);
      if (member == members->end()) {
        continue;
      }
      auto bad = check(value, member->get<std::string>(), path.empty() ? name : path + "." + name);
      if (bad) {
        return bad;
      }
    }
    return std::nullopt;
  }
  if (auto element = it->find("l"); element != it->end()) {
    if (!v.is_array()) {
      return mismatch(path, "a list (JSON array)");
    }
    std::string type = element->get<std::string>();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (auto bad = check(v[i], type, path + "[" + std::to_string(i) + "]")) {
        return bad;
      }
    }
    return std::nullopt;
  }
  const Json& value_shape = (*it)["m"];
  if (!v.is_object()) {
    return mismatch(path, "a map (JSON object)");
  }
  std::string type = value_shape.get<std::string>();
  for (const auto& [key, value] : v.items()) {
    if (auto bad = check(value, type, path + "." + key)) {
      return bad;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> wrong_member_type(const std::string& service,
                                             const std::string& operation, const Json& body) {
  const Json& ops = input_shapes()["ops"];
  auto op = ops.find(service + ":" + operation);
  if (op == ops.end()) {
    return std::nullopt;
  }
  return check(body, op->get<std::string>(), "");
}

}  // namespace emulator
