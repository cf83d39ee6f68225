#include "engine/diff.h"

#include <map>
#include <set>

#include "engine/image_swap.h"

namespace engine {

using Json = nlohmann::ordered_json;

namespace {

std::string text(const Json* v) {
  return v ? v->dump() : std::string();
}

// Element key for arrays of named objects: "web" when every element has a unique string name.
bool named_elements(const Json& a) {
  std::set<std::string> names;
  for (const auto& e : a) {
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string() ||
        !names.insert(e["name"].get<std::string>()).second) {
      return false;
    }
  }
  return true;
}

void walk(const std::string& path, const Json* before, const Json* after,
          std::vector<DiffLine>& out);

void walk_object(const std::string& path, const Json& before, const Json& after,
                 std::vector<DiffLine>& out) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : before.items()) {
    keys.push_back(k);
  }
  for (const auto& [k, v] : after.items()) {
    if (!before.contains(k)) {
      keys.push_back(k);
    }
  }
  for (const auto& k : keys) {
    auto b = before.find(k);
    auto a = after.find(k);
    walk(path.empty() ? k : path + "." + k, b == before.end() ? nullptr : &*b,
         a == after.end() ? nullptr : &*a, out);
  }
}

void walk_array(const std::string& path, const Json& before, const Json& after,
                std::vector<DiffLine>& out) {
  if (named_elements(before) && named_elements(after)) {
    std::map<std::string, const Json*> after_by_name;
    for (const auto& e : after) {
      after_by_name[e["name"].get<std::string>()] = &e;
    }
    for (const auto& e : before) {
      std::string name = e["name"].get<std::string>();
      auto it = after_by_name.find(name);
      walk(path + "[" + name + "]", &e, it == after_by_name.end() ? nullptr : it->second, out);
      if (it != after_by_name.end()) {
        after_by_name.erase(it);
      }
    }
    for (const auto& e : after) {
      std::string name = e["name"].get<std::string>();
      if (after_by_name.count(name)) {
        walk(path + "[" + name + "]", nullptr, &e, out);
      }
    }
    return;
  }
  size_t n = std::max(before.size(), after.size());
  for (size_t i = 0; i < n; ++i) {
    walk(path + "[" + std::to_string(i) + "]", i < before.size() ? &before[i] : nullptr,
         i < after.size() ? &after[i] : nullptr, out);
  }
}

void walk(const std::string& path, const Json* before, const Json* after,
          std::vector<DiffLine>& out) {
  if (before && after) {
    if (before->is_object() && after->is_object()) {
      walk_object(path, *before, *after, out);
      return;
    }
    if (before->is_array() && after->is_array()) {
      walk_array(path, *before, *after, out);
      return;
    }
    if (*before == *after) {
      return;
    }
  }
  out.push_back({path, text(before), text(after)});
}

}  // namespace

std::string diff_line_text(const DiffLine& line) {
  // Values are compact JSON, so only an absent side is empty (an empty string is "\"\"").
  if (line.before.empty()) {
    return "+ " + line.path + ": " + line.after;
  }
  if (line.after.empty()) {
    return "- " + line.path + ": " + line.before;
  }
  return "~ " + line.path + ": " + line.before + " -> " + line.after;
}

std::vector<DiffLine> diff_json(const Json& before, const Json& after) {
  std::vector<DiffLine> out;
  walk("", &before, &after, out);
  return out;
}

std::vector<DiffLine> diff_tags(const std::vector<services::Tag>& before,
                                const std::vector<services::Tag>& after) {
  std::map<std::string, std::string> b;
  std::map<std::string, std::string> a;
  for (const auto& t : before) {
    b[t.key] = t.value;
  }
  for (const auto& t : after) {
    a[t.key] = t.value;
  }
  std::vector<DiffLine> out;
  for (const auto& [k, v] : b) {
    auto it = a.find(k);
    if (it == a.end()) {
      out.push_back({"tags[" + k + "]", Json(v).dump(), ""});
    } else if (it->second != v) {
      out.push_back({"tags[" + k + "]", Json(v).dump(), Json(it->second).dump()});
    }
  }
  for (const auto& [k, v] : a) {
    if (!b.count(k)) {
      out.push_back({"tags[" + k + "]", "", Json(v).dump()});
    }
  }
  return out;
}

std::vector<DiffLine> verify_registered(const Json& sent, const Json& registered_described) {
  Json registered = strip_read_only(registered_described);
  registered.erase("tags");
  Json expected = sent;
  expected.erase("tags");
  return diff_json(expected, registered);
}

}  // namespace engine
