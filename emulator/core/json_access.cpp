#include "core/json_access.h"

#include <algorithm>

#include "core/api_error.h"

namespace emulator {
namespace {

ApiError type_error(const char* key, const char* expected) {
  return client_error("SerializationException", std::string("Unexpected value for member '") + key +
                                                    "': expected " + expected);
}

const Json* find(const Json& obj, const char* key) {
  if (!obj.is_object()) {
    return nullptr;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

const Json& null_json() {
  static const Json k_null;
  return k_null;
}

}  // namespace

std::optional<std::string> opt_string(const Json& obj, const char* key) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_string()) {
    throw type_error(key, "a string");
  }
  return v->get<std::string>();
}

std::string req_string(const Json& obj, const char* key) {
  auto v = opt_string(obj, key);
  if (!v) {
    throw invalid_parameter(std::string(key) + " can not be null or empty.");
  }
  return *v;
}

std::optional<long long> opt_int(const Json& obj, const char* key) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    throw type_error(key, "an integer");
  }
  return v->get<long long>();
}

std::optional<bool> opt_bool(const Json& obj, const char* key) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_boolean()) {
    throw type_error(key, "a boolean");
  }
  return v->get<bool>();
}

std::optional<double> opt_number(const Json& obj, const char* key) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_number()) {
    throw type_error(key, "a number");
  }
  return v->get<double>();
}

std::vector<std::string> opt_string_list(const Json& obj, const char* key) {
  std::vector<std::string> out;
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return out;
  }
  if (!v->is_array()) {
    throw type_error(key, "a list");
  }
  for (const auto& item : *v) {
    if (!item.is_string()) {
      throw type_error(key, "a list of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

const Json& opt_object(const Json& obj, const char* key) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return null_json();
  }
  if (!v->is_object()) {
    throw type_error(key, "a structure");
  }
  return *v;
}

const Json& opt_array(const Json& obj, const char* key) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    return null_json();
  }
  if (!v->is_array()) {
    throw type_error(key, "a list");
  }
  return *v;
}

namespace {

ApiError bad_token() {
  return invalid_parameter("Invalid nextToken.");
}

// Tokens are opaque enough for clients and checkable by us: their text hex encoded.
std::string hex_encode(const std::string& raw) {
  static const char* k_hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(k_hex[c >> 4]);
    out.push_back(k_hex[c & 15]);
  }
  return out;
}

std::string hex_decode(const std::string& token) {
  if (token.size() % 2 != 0) {
    throw bad_token();
  }
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    throw bad_token();
  };
  std::string raw;
  for (std::size_t i = 0; i < token.size(); i += 2) {
    raw.push_back(static_cast<char>(nib(token[i]) * 16 + nib(token[i + 1])));
  }
  return raw;
}

}  // namespace

std::string make_next_token(const std::string& scope, std::size_t offset) {
  return hex_encode(scope + "|" + std::to_string(offset));  // "<scope>|<offset>"
}

PageRange sorted_page_range(const std::vector<std::string>& sorted, const Json& request,
                            const std::string& scope, std::size_t def, std::size_t max) {
  const std::size_t limit = page_size(request, def, max);
  auto begin = sorted.begin();
  if (auto token = opt_string(request, "nextToken"); token && !token->empty()) {
    const std::string raw = hex_decode(*token);  // "<scope>\n<last key returned>"
    const std::string prefix = scope + "\n";
    if (raw.rfind(prefix, 0) != 0) {
      throw bad_token();
    }
    begin = std::upper_bound(sorted.begin(), sorted.end(), raw.substr(prefix.size()));
  }
  auto end = begin + static_cast<long>(std::min<std::size_t>(limit, sorted.end() - begin));
  PageRange r{static_cast<std::size_t>(begin - sorted.begin()),
              static_cast<std::size_t>(end - sorted.begin()), std::nullopt};
  if (end != sorted.end()) {
    r.next_token = hex_encode(scope + "\n" + *(end - 1));
  }
  return r;
}

Json sorted_page(const std::vector<std::string>& sorted, const Json& request,
                 const std::string& scope, std::size_t def, std::size_t max,
                 const char* list_member) {
  const PageRange r = sorted_page_range(sorted, request, scope, def, max);
  Json out = {{list_member, Json::array()}};
  for (std::size_t i = r.begin; i < r.end; ++i) {
    out[list_member].push_back(sorted[i]);
  }
  if (r.next_token) {
    out["nextToken"] = *r.next_token;
  }
  return out;
}

std::size_t parse_next_token(const std::optional<std::string>& token, const std::string& scope) {
  if (!token || token->empty()) {
    return 0;
  }
  auto bad = [] { return bad_token(); };
  const std::string raw = hex_decode(*token);
  auto bar = raw.rfind('|');
  if (bar == std::string::npos || raw.substr(0, bar) != scope) {
    throw bad();
  }
  try {
    return static_cast<std::size_t>(std::stoull(raw.substr(bar + 1)));
  } catch (const std::exception&) {
    throw bad();
  }
}

std::size_t page_size(const Json& obj, std::size_t def, std::size_t max, const char* member) {
  auto v = opt_int(obj, member);
  if (!v) {
    return def;
  }
  if (*v < 1 || static_cast<std::size_t>(*v) > max) {
    throw invalid_parameter(std::string(member) + " must be between 1 and " + std::to_string(max) +
                            ".");
  }
  return static_cast<std::size_t>(*v);
}

}  // namespace emulator
