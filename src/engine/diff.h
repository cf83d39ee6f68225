#pragma once
// Task-definition diffs, for the plan (what the deploy changes) and for verifying the
// registered revision (what ECS stored). Pure; object member order is ignored.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/events.h"
#include "services/ecs_types.h"

namespace engine {

// Differences from `before` to `after`. Paths look like "cpu", "volumes[0].name" and
// "containerDefinitions[web].image" (array elements with a unique "name" are addressed by
// it). Values are compact JSON; an absent side is "".
std::vector<DiffLine> diff_json(const nlohmann::ordered_json& before,
                                const nlohmann::ordered_json& after);

// Tag changes as "tags[key]" lines.
std::vector<DiffLine> diff_tags(const std::vector<services::Tag>& before,
                                const std::vector<services::Tag>& after);

// One diff line as text: "+ path: after" (added), "- path: before" (removed) or
// "~ path: before -> after" (changed).
std::string diff_line_text(const DiffLine& line);

// Checks the registered revision against what we asked for: the registered document minus
// read-only fields must equal the definition we sent (tags are compared separately, so they
// may differ). Returns the unexpected differences; empty means verified.
std::vector<DiffLine> verify_registered(const nlohmann::ordered_json& sent,
                                        const nlohmann::ordered_json& registered_described);

}  // namespace engine
