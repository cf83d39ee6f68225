#include "engine/image_swap.h"

#include <algorithm>

#include "engine/image_ref.h"

namespace engine {

using Json = nlohmann::ordered_json;

namespace {
constexpr size_t k_max_tags = 50;
constexpr size_t k_max_tag_value = 256;

bool allowed_tag_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
}
}  // namespace

Json strip_read_only(const Json& described) {
  Json out = Json::object();
  if (!described.is_object()) {
    return out;
  }
  for (const auto& [key, value] : described.items()) {
    if (std::find(k_read_only_fields.begin(), k_read_only_fields.end(), key) ==
        k_read_only_fields.end()) {
      out[key] = value;
    }
  }
  return out;
}

util::Result<SwappedDefinition> swap_image(const Json& described, std::string_view container,
                                           std::string_view tag) {
  SwappedDefinition out;
  out.definition = strip_read_only(described);
  out.definition.erase("tags");
  auto it = out.definition.find("containerDefinitions");
  if (it == out.definition.end() || !it->is_array()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "task definition has no containerDefinitions");
  }
  for (auto& c : *it) {
    if (!c.is_object() || !c.contains("name") || c["name"] != container) {
      continue;
    }
    if (!c.contains("image") || !c["image"].is_string()) {
      return util::make_error(util::ErrorKind::InvalidInput,
                              "container '" + std::string(container) + "' has no image");
    }
    out.old_image = c["image"].get<std::string>();
    auto ref = parse_image(out.old_image);
    if (!ref) {
      return util::make_error(util::ErrorKind::InvalidInput,
                              "cannot parse image '" + out.old_image + "' of container '" +
                                  std::string(container) + "'");
    }
    out.new_image = with_tag(*ref, tag);
    c["image"] = out.new_image;
    return out;
  }
  return util::make_error(util::ErrorKind::InvalidInput,
                          "container '" + std::string(container) + "' not in task definition");
}

std::string sanitize_tag_value(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, k_max_tag_value)) {
    out += allowed_tag_char(c) ? c : '_';
  }
  return out;
}

util::Result<std::vector<services::Tag>> deploy_tags(const std::vector<services::Tag>& base,
                                                     std::string_view image_tag,
                                                     const DeployMetadata& metadata) {
  std::vector<services::Tag> out;
  for (const auto& t : base) {
    // aws: keys are reserved (RegisterTaskDefinition rejects them) and our own keys are
    // rewritten below, so a stale git SHA from the base never survives.
    if (t.key.starts_with("aws:") || t.key.starts_with("ecsdeploy:")) {
      continue;
    }
    out.push_back(t);
  }
  auto add = [&](const char* key, std::string_view value) {
    if (!value.empty()) {
      out.push_back({key, sanitize_tag_value(value)});
    }
  };
  add(k_tag_image, image_tag);
  add(k_tag_git_sha, metadata.git_sha);
  add(k_tag_run_url, metadata.run_url);
  add(k_tag_actor, metadata.actor);
  if (out.size() > k_max_tags) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "the new revision would carry " + std::to_string(out.size()) +
                                " tags; ECS allows at most 50 (the base revision has " +
                                std::to_string(base.size()) + ")");
  }
  return out;
}

DeployMetadata metadata_from_env(const util::Env& env) {
  DeployMetadata m;
  m.git_sha = env.get_or("GITHUB_SHA", "");
  m.actor = env.get_or("GITHUB_ACTOR", "");
  auto server = env.get_nonempty("GITHUB_SERVER_URL");
  auto repo = env.get_nonempty("GITHUB_REPOSITORY");
  auto run = env.get_nonempty("GITHUB_RUN_ID");
  if (server && repo && run) {
    m.run_url = *server + "/" + *repo + "/actions/runs/" + *run;
    if (auto attempt = env.get_nonempty("GITHUB_RUN_ATTEMPT"); attempt && *attempt != "1") {
      m.run_url += "/attempts/" + *attempt;
    }
  }
  return m;
}

}  // namespace engine
