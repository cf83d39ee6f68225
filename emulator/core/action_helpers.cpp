#include <cmath>

#include "core/actions.h"
#include "core/api_error.h"

namespace emulator {

double json_time(double t) {
  return std::round(t * 1000.0) / 1000.0;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 255) {
    return false;
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::vector<Tag> parse_tags(const Json& list, const char* member) {
  std::vector<Tag> out;
  if (list.is_null()) {
    return out;
  }
  if (!list.is_array()) {
    throw client_error("SerializationException", std::string("Unexpected value for member '") +
                                                     member + "': expected a list");
  }
  if (list.size() > 50) {
    throw invalid_parameter("Too many tags: at most 50 tags can be applied to a resource.");
  }
  auto char_ok = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string(" _.:/=+-@").find(c) != std::string::npos;
  };
  for (const auto& item : list) {
    if (!item.is_object()) {
      throw client_error("SerializationException", "Tag entries must be structures.");
    }
    Tag t;
    t.key = opt_string(item, "key").value_or("");
    t.value = opt_string(item, "value").value_or("");
    if (t.key.empty() || t.key.size() > 128 || t.value.size() > 256) {
      throw invalid_parameter("Tag keys must be 1-128 characters and values at most 256.");
    }
    for (char c : t.key + t.value) {
      if (!char_ok(c)) {
        throw invalid_parameter("Tag '" + t.key + "' contains characters that are not allowed.");
      }
    }
    if (t.key.rfind("aws:", 0) == 0) {
      throw invalid_parameter("Tag keys may not start with 'aws:'.");
    }
    out.push_back(std::move(t));
  }
  return out;
}

Json tags_json(const std::vector<Tag>& tags) {
  Json out = Json::array();
  for (const auto& t : tags) {
    out.push_back({{"key", t.key}, {"value", t.value}});
  }
  return out;
}

void merge_tags(std::vector<Tag>& into, const std::vector<Tag>& add) {
  for (const auto& t : add) {
    bool replaced = false;
    for (auto& existing : into) {
      if (existing.key == t.key) {
        existing.value = t.value;
        replaced = true;
      }
    }
    if (!replaced) {
      into.push_back(t);
    }
  }
  if (into.size() > 50) {
    throw invalid_parameter("Too many tags: at most 50 tags can be applied to a resource.");
  }
}

}  // namespace emulator
