#include "core/arn.h"

namespace emulator {

std::optional<ArnParts> parse_arn(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") {
    return std::nullopt;
  }
  std::string_view fields[5];
  std::size_t start = 4;
  for (int i = 0; i < 4; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    fields[i] = arn.substr(start, colon - start);
    start = colon + 1;
  }
  fields[4] = arn.substr(start);
  return ArnParts{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                  std::string(fields[3]), std::string(fields[4])};
}

std::optional<std::string> arn_resource(std::string_view arn, std::string_view type) {
  auto parts = parse_arn(arn);
  if (!parts) {
    return std::nullopt;
  }
  const std::string& r = parts->resource;
  if (r.size() <= type.size() || r.compare(0, type.size(), type) != 0 ||
      (r[type.size()] != '/' && r[type.size()] != ':')) {
    return std::nullopt;
  }
  return r.substr(type.size() + 1);
}

std::string cluster_name_of(std::string_view cluster_arn) {
  return arn_resource(cluster_arn, "cluster").value_or("default");
}

}  // namespace emulator
