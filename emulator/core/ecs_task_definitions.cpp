// ECS task definition actions: Register, Describe, List, Deregister.
#include <algorithm>
#include <set>

#include "core/actions.h"
#include "core/api_error.h"
#include "core/ecs_json.h"

namespace emulator {
namespace {

const std::set<std::string>& pass_through_members() {
  static const std::set<std::string> k_members = {"containerDefinitions",
                                                  "family",
                                                  "taskRoleArn",
                                                  "executionRoleArn",
                                                  "networkMode",
                                                  "volumes",
                                                  "placementConstraints",
                                                  "runtimePlatform",
                                                  "requiresCompatibilities",
                                                  "cpu",
                                                  "memory",
                                                  "inferenceAccelerators",
                                                  "pidMode",
                                                  "ipcMode",
                                                  "proxyConfiguration",
                                                  "ephemeralStorage",
                                                  "enableFaultInjection"};
  return k_members;
}

const std::set<std::string>& read_only_members() {
  static const std::set<std::string> k_members = {
      "taskDefinitionArn",  "revision",          "status",
      "requiresAttributes", "compatibilities",   "registeredAt",
      "deregisteredAt",     "deleteRequestedAt", "registeredBy"};
  return k_members;
}

constexpr std::size_t k_max_task_definition_bytes = 64 * 1024;

void validate_containers(const Json& defs) {
  if (!defs.is_array() || defs.empty()) {
    throw invalid_parameter("Container definitions cannot be empty.");
  }
  if (defs.size() > 10) {
    throw client_exception("Too many containers: a task definition can have at most 10.");
  }
  std::set<std::string> names;
  for (const auto& d : defs) {
    if (!d.is_object()) {
      throw client_error("SerializationException", "Container definitions must be structures.");
    }
    std::string name = opt_string(d, "name").value_or("");
    if (!valid_name(name)) {
      throw invalid_parameter(
          "Container name should be 1-255 characters: letters, numbers, hyphens and "
          "underscores.");
    }
    if (!names.insert(name).second) {
      throw invalid_parameter("Duplicate container name '" + name + "'.");
    }
    std::string image = opt_string(d, "image").value_or("");
    if (image.empty()) {
      throw client_exception("Container.image should not be null or empty.");
    }
    (void)opt_bool(d, "essential");
  }
}

Json register_task_definition(Call& c) {
  for (auto it = c.body.begin(); it != c.body.end(); ++it) {
    if (read_only_members().count(it.key()) != 0) {
      throw invalid_parameter("Unexpected read-only field '" + it.key() +
                              "' in RegisterTaskDefinition: it is set by ECS.");
    }
    if (it.key() != "tags" && pass_through_members().count(it.key()) == 0) {
      throw invalid_parameter("Unknown parameter '" + it.key() + "' in RegisterTaskDefinition.");
    }
  }
  if (dump_json(c.body).size() > k_max_task_definition_bytes) {
    throw client_exception("Task definition size exceeds the maximum of 65536 bytes.");
  }
  std::string family = req_string(c.body, "family");
  if (!valid_name(family)) {
    throw client_exception(
        "Family name should be 1-255 characters: letters, numbers, hyphens and underscores.");
  }
  validate_containers(c.body.contains("containerDefinitions") ? c.body["containerDefinitions"]
                                                              : Json());
  (void)opt_string(c.body, "cpu");
  (void)opt_string(c.body, "memory");
  (void)opt_string(c.body, "taskRoleArn");
  (void)opt_string(c.body, "executionRoleArn");
  std::vector<Tag> tags = parse_tags(opt_array(c.body, "tags"), "tags");

  auto& revisions = c.st.families[c.st.task_definition_key(c.caller.account, family)];
  TaskDefinition td;
  td.account = c.caller.account;
  td.family = family;
  td.revision = revisions.empty() ? 1 : revisions.back().revision + 1;
  td.arn = c.st.arn("ecs", c.caller.account,
                    "task-definition/" + family + ":" + std::to_string(td.revision));
  td.body = c.body;
  td.body.erase("tags");
  td.tags = tags;
  td.registered_at = c.now;
  td.registered_by = c.caller.arn;
  revisions.push_back(std::move(td));
  return {{"taskDefinition", task_definition_json(revisions.back())},
          {"tags", tags_json(revisions.back().tags)}};
}

Json describe_task_definition(Call& c) {
  std::string ref = req_string(c.body, "taskDefinition");
  TaskDefinition* td = c.st.find_task_definition(c.caller.account, ref);
  if (td == nullptr) {
    throw client_exception("Unable to describe task definition.");
  }
  Json out = {{"taskDefinition", task_definition_json(*td)}};
  for (const auto& inc : opt_string_list(c.body, "include")) {
    if (inc == "TAGS") {
      out["tags"] = tags_json(td->tags);
    }
  }
  return out;
}

Json list_task_definitions(Call& c) {
  auto prefix = opt_string(c.body, "familyPrefix");
  std::string status = opt_string(c.body, "status").value_or("ACTIVE");
  std::string sort = opt_string(c.body, "sort").value_or("ASC");
  if (status != "ACTIVE" && status != "INACTIVE" && status != "DELETE_IN_PROGRESS") {
    throw invalid_parameter("status must be one of ACTIVE, INACTIVE, DELETE_IN_PROGRESS.");
  }
  if (sort != "ASC" && sort != "DESC") {
    throw invalid_parameter("sort must be ASC or DESC.");
  }
  std::size_t limit = page_size(c.body, 100, 100);
  std::vector<const TaskDefinition*> found;
  std::string acct_prefix = c.caller.account + "/";
  for (const auto& [key, revisions] : c.st.families) {
    if (key.rfind(acct_prefix, 0) != 0) {
      continue;
    }
    for (const auto& td : revisions) {
      if (prefix && td.family != *prefix) {
        continue;
      }
      if (td.status == status) {
        found.push_back(&td);
      }
    }
  }
  if (sort == "DESC") {
    std::reverse(found.begin(), found.end());
  }
  std::string scope = "tds:" + prefix.value_or("") + ":" + status + ":" + sort;
  std::size_t start = parse_next_token(opt_string(c.body, "nextToken"), scope);
  Json out = {{"taskDefinitionArns", Json::array()}};
  for (std::size_t i = start; i < found.size() && i < start + limit; ++i) {
    out["taskDefinitionArns"].push_back(found[i]->arn);
  }
  if (start + limit < found.size()) {
    out["nextToken"] = make_next_token(scope, start + limit);
  }
  return out;
}

Json deregister_task_definition(Call& c) {
  std::string ref = req_string(c.body, "taskDefinition");
  std::string tail = ref.substr(ref.rfind('/') == std::string::npos ? 0 : ref.rfind('/') + 1);
  if (tail.find(':') == std::string::npos) {
    throw invalid_parameter("A revision is required: use family:revision or the full ARN.");
  }
  TaskDefinition* td = c.st.find_task_definition(c.caller.account, ref);
  if (td == nullptr) {
    throw client_exception("The specified task definition does not exist.");
  }
  if (td->status == "ACTIVE") {
    td->status = "INACTIVE";
    td->deregistered_at = c.now;
  }
  return {{"taskDefinition", task_definition_json(*td)}};
}

}  // namespace

void add_ecs_task_definition_actions(ActionTable& table) {
  table["RegisterTaskDefinition"] = register_task_definition;
  table["DescribeTaskDefinition"] = describe_task_definition;
  table["ListTaskDefinitions"] = list_task_definitions;
  table["DeregisterTaskDefinition"] = deregister_task_definition;
}

}  // namespace emulator
