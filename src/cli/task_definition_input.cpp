#include "cli/task_definition_input.h"

#include "services/ecs_client.h"
#include "util/file_read.h"
#include "util/input_limits.h"

namespace cli {

util::Result<JsonFile> read_json_file(const std::string& path) {
  auto text = util::read_small_regular_file(path, util::k_max_config_file_bytes);
  if (!text) {
    return text.take_error();
  }
  JsonFile file{path, std::move(*text), nullptr};
  if (auto at = util::json_too_deep(file.text)) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            path + " is nested deeper than " +
                                std::to_string(util::k_max_nesting_depth) + " levels (at byte " +
                                std::to_string(*at) + ")");
  }
  try {
    file.json = nlohmann::ordered_json::parse(file.text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() quotes the bytes it read; keep only the position.
    return util::make_error(util::ErrorKind::InvalidInput,
                            path + " is not valid JSON (near byte " + std::to_string(e.byte) + ")");
  }
  if (!file.json.is_object()) {
    return util::make_error(util::ErrorKind::InvalidInput, path + " is not a JSON object");
  }
  return file;
}

const nlohmann::ordered_json& task_definition_of(const nlohmann::ordered_json& document) {
  auto it = document.find("taskDefinition");
  return it != document.end() && it->is_object() ? *it : document;
}

util::Result<ServiceAndTaskDefinition> fetch_task_definition(aws::Session& session,
                                                             const std::string& cluster,
                                                             const std::string& service,
                                                             const std::string& family) {
  services::EcsClient ecs(*session.client);
  ServiceAndTaskDefinition out;
  std::string reference = family;
  if (!cluster.empty() && !service.empty()) {
    auto described = ecs.describe_services(cluster, {service});
    if (!described) {
      return described.take_error();
    }
    if (described->services.empty()) {
      return util::make_error(util::ErrorKind::NotFound,
                              "service '" + service + "' not found in cluster '" + cluster + "'");
    }
    out.service = described->services.front();
    if (reference.empty()) {
      reference = out.service->task_definition;
    }
  }
  if (reference.empty()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "give --task-definition FILE, --family, or --cluster and --service");
  }
  auto td = ecs.describe_task_definition(reference);
  if (!td) {
    return td.take_error();
  }
  out.task_definition = std::move(*td);
  return out;
}

int line_of(const std::string& text, const std::string& name) {
  if (name.empty()) {
    return 0;
  }
  auto at = text.find("\"" + name + "\"");
  if (at == std::string::npos) {
    return 0;
  }
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) {
    line += text[i] == '\n' ? 1 : 0;
  }
  return line;
}

}  // namespace cli
