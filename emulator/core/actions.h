#pragma once
// The action tables: one function per AWS operation, grouped per service and file. An action
// reads the request body, changes State (its caller holds the mutex) and returns the response
// body, or throws ApiError.
#include <functional>
#include <map>
#include <string>

#include "core/json_access.h"
#include "core/state.h"

namespace emulator {

struct Call {
  State& st;
  const Identity& caller;
  const Json& body;
  double now;
  // Set by an action that serializes its answer itself (DescribeServices splices cached
  // text); when non-empty it is the response body and the returned Json is ignored.
  std::string raw_response = {};
};

using ActionFn = std::function<Json(Call&)>;
using ActionTable = std::map<std::string, ActionFn>;

void add_ecs_cluster_actions(ActionTable& table);
void add_ecs_task_definition_actions(ActionTable& table);
void add_ecs_service_actions(ActionTable& table);
void add_ecs_task_actions(ActionTable& table);
void add_ecs_service_deployment_actions(ActionTable& table);
void add_ecs_tag_actions(ActionTable& table);
void add_ecr_actions(ActionTable& table);
void add_logs_actions(ActionTable& table);

// Epoch seconds as AWS JSON sends them (millisecond precision).
double json_time(double t);
// [{key,value}] <-> tags, validating ECS tag rules (InvalidParameterException).
std::vector<Tag> parse_tags(const Json& list, const char* member);
Json tags_json(const std::vector<Tag>& tags);
void merge_tags(std::vector<Tag>& into, const std::vector<Tag>& add);
// ^[A-Za-z0-9_-]{1,255}$
bool valid_name(const std::string& name);

}  // namespace emulator
