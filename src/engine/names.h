#pragma once
// Validation of user-supplied names (ecs-api-digest section 5). Pure functions.

#include <string>
#include <string_view>

namespace engine {

// cluster / service / family / container name: ^[A-Za-z0-9_-]{1,255}$
bool is_valid_resource_name(std::string_view name);
// OCI/Docker image tag: ^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$
bool is_valid_image_tag(std::string_view tag);
// "sha256:" + 64 lowercase hex
bool is_valid_digest(std::string_view digest);

}  // namespace engine
