#include "engine/names.h"

namespace engine {

namespace {
bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
}  // namespace

bool is_valid_resource_name(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return false;
  }
  for (char c : name) {
    if (!is_alnum(c) && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

bool is_valid_image_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128) {
    return false;
  }
  if (!is_alnum(tag[0]) && tag[0] != '_') {
    return false;
  }
  for (char c : tag) {
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

bool is_valid_digest(std::string_view digest) {
  constexpr std::string_view prefix = "sha256:";
  if (!digest.starts_with(prefix) || digest.size() != prefix.size() + 64) {
    return false;
  }
  for (char c : digest.substr(prefix.size())) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace engine
