#include "services/arn.h"

#include <charconv>

namespace services {

std::optional<Arn> parse_arn(std::string_view text) {
  if (!text.starts_with("arn:")) {
    return std::nullopt;
  }
  Arn arn;
  std::string* parts[] = {&arn.partition, &arn.service, &arn.region, &arn.account};
  size_t pos = 4;
  for (std::string* part : parts) {
    size_t colon = text.find(':', pos);
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    *part = std::string(text.substr(pos, colon - pos));
    pos = colon + 1;
  }
  arn.resource = std::string(text.substr(pos));
  if (arn.partition.empty() || arn.service.empty() || arn.resource.empty()) {
    return std::nullopt;
  }
  return arn;
}

std::string task_definition_short_name(std::string_view arn_or_name) {
  if (auto arn = parse_arn(arn_or_name)) {
    constexpr std::string_view prefix = "task-definition/";
    if (arn->resource.starts_with(prefix)) {
      return arn->resource.substr(prefix.size());
    }
    return arn->resource;
  }
  return std::string(arn_or_name);
}

std::optional<FamilyRevision> parse_task_definition_ref(std::string_view ref) {
  std::string name = task_definition_short_name(ref);
  FamilyRevision out;
  size_t colon = name.rfind(':');
  if (colon == std::string::npos) {
    out.family = name;
  } else {
    out.family = name.substr(0, colon);
    std::string_view rev = std::string_view(name).substr(colon + 1);
    auto [p, ec] = std::from_chars(rev.data(), rev.data() + rev.size(), out.revision);
    if (ec != std::errc() || p != rev.data() + rev.size() || out.revision < 1) {
      return std::nullopt;
    }
  }
  if (out.family.empty()) {
    return std::nullopt;
  }
  return out;
}

std::string arn_last_component(std::string_view arn_or_name) {
  size_t slash = arn_or_name.rfind('/');
  if (slash == std::string_view::npos) {
    return std::string(arn_or_name);
  }
  return std::string(arn_or_name.substr(slash + 1));
}

std::string lambda_function_name(std::string_view arn) {
  constexpr std::string_view marker = ":function:";
  const auto at = arn.find(marker);
  if (at == std::string_view::npos) {
    return std::string(arn);
  }
  std::string_view name = arn.substr(at + marker.size());
  return std::string(name.substr(0, name.find(':')));
}

}  // namespace services
