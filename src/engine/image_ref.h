#pragma once
// Container image references: "[registry/]repository[:tag][@digest]". Pure.
// The registry is the first path component iff it contains '.' or ':' or is "localhost"
// (ecs-api-digest section 5), so "host:5000/repo:tag" keeps its port.

#include <optional>
#include <string>
#include <string_view>

namespace engine {

struct ImageRef {
  std::string registry;    // "123456789012.dkr.ecr.us-east-1.amazonaws.com", "host:5000", ""
  std::string repository;  // "team/web"
  std::string tag;         // "" when absent
  std::string digest;      // "sha256:..." or ""

  // registry + "/" + repository (or just repository).
  std::string name() const;
  std::string str() const;
};

std::optional<ImageRef> parse_image(std::string_view image);

// Same registry and repository, the given tag, no digest.
std::string with_tag(const ImageRef& ref, std::string_view tag);

struct EcrRepository {
  std::string account;  // registry id
  std::string region;
  std::string repository;
};
// "<12 digits>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repo>" -> its parts.
std::optional<EcrRepository> ecr_repository(const ImageRef& ref);

}  // namespace engine
