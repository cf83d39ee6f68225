// ECS tagging: TagResource, UntagResource, ListTagsForResource on clusters, services, task
// definitions and tasks.
#include "core/actions.h"
#include "core/api_error.h"

namespace emulator {
namespace {

std::vector<Tag>* find_tags(Call& c, const std::string& arn) {
  if (Cluster* cl = c.st.find_cluster(arn)) {
    return &cl->tags;
  }
  if (Service* svc = c.st.find_service(arn)) {
    return &svc->tags;
  }
  auto task = c.st.tasks.find(arn);
  if (task != c.st.tasks.end()) {
    return &task->second.tags;
  }
  if (arn.find(":task-definition/") != std::string::npos &&
      arn.find(':', arn.find(":task-definition/") + 1) != std::string::npos) {
    if (TaskDefinition* td = c.st.find_task_definition(c.caller.account, arn)) {
      return &td->tags;
    }
  }
  return nullptr;
}

std::vector<Tag>& require_tags(Call& c) {
  std::string arn = req_string(c.body, "resourceArn");
  if (arn.rfind("arn:", 0) != 0) {
    throw invalid_parameter("Invalid resource ARN: " + arn);
  }
  std::vector<Tag>* tags = find_tags(c, arn);
  if (tags == nullptr) {
    if (arn.find(":cluster/") != std::string::npos) {
      throw client_error("ClusterNotFoundException", "Cluster not found.");
    }
    throw invalid_parameter("The specified resource was not found: " + arn);
  }
  return *tags;
}

Json tag_resource(Call& c) {
  std::vector<Tag> add = parse_tags(opt_array(c.body, "tags"), "tags");
  std::vector<Tag>& tags = require_tags(c);
  std::vector<Tag> merged = tags;
  merge_tags(merged, add);
  tags = merged;
  return Json::object();
}

Json untag_resource(Call& c) {
  std::vector<std::string> keys = opt_string_list(c.body, "tagKeys");
  std::vector<Tag>& tags = require_tags(c);
  std::erase_if(
      tags, [&](const Tag& t) { return std::find(keys.begin(), keys.end(), t.key) != keys.end(); });
  return Json::object();
}

Json list_tags_for_resource(Call& c) {
  return {{"tags", tags_json(require_tags(c))}};
}

}  // namespace

void add_ecs_tag_actions(ActionTable& table) {
  table["TagResource"] = tag_resource;
  table["UntagResource"] = untag_resource;
  table["ListTagsForResource"] = list_tags_for_resource;
}

}  // namespace emulator
