#pragma once
// The new revision, built from the described base (contributing.md, S3). Pure: the raw task
// definition is handled as ordered JSON so unknown fields, field order and empty strings
// survive; only the named container's image changes.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/deploy.h"
#include "services/ecs_types.h"
#include "util/result.h"

namespace engine {

// DescribeTaskDefinition returns these; RegisterTaskDefinition rejects them.
inline constexpr std::array<std::string_view, 9> k_read_only_fields = {
    "taskDefinitionArn",  "revision",          "status",
    "requiresAttributes", "compatibilities",   "registeredAt",
    "deregisteredAt",     "deleteRequestedAt", "registeredBy"};

// Deploy metadata tag keys.
inline constexpr const char* k_tag_image = "ecsdeploy:image-tag";
inline constexpr const char* k_tag_git_sha = "ecsdeploy:git-sha";
inline constexpr const char* k_tag_run_url = "ecsdeploy:run-url";
inline constexpr const char* k_tag_actor = "ecsdeploy:actor";

// The described task definition minus exactly the 9 read-only fields, order kept.
nlohmann::ordered_json strip_read_only(const nlohmann::ordered_json& described);

struct SwappedDefinition {
  nlohmann::ordered_json definition;  // ready for RegisterTaskDefinition (no tags member)
  std::string old_image;
  std::string new_image;
};

// Strips read-only fields and points `container`'s image at the same repository with `tag`.
// InvalidInput when the container is missing or its image cannot be parsed.
util::Result<SwappedDefinition> swap_image(const nlohmann::ordered_json& described,
                                           std::string_view container, std::string_view tag);

// The base revision's tags (minus reserved aws: keys and our previous metadata) plus the
// deploy metadata. Values are made to fit ECS tag rules; more than 50 tags is InvalidInput.
util::Result<std::vector<services::Tag>> deploy_tags(const std::vector<services::Tag>& base,
                                                     std::string_view image_tag,
                                                     const DeployMetadata& metadata);

// Replaces characters ECS tag values do not allow with '_' and cuts to 256 characters.
std::string sanitize_tag_value(std::string_view value);

}  // namespace engine
