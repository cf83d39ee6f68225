// AWS JSON answers as ecsdeploy decodes them: the awsJson1_1 body check (depth limit
// included), every ECS decoder on the members they read, the ECR image lookup's shape, and
// the error-body parser. Non-throwing by contract (contributing.md, principle 6), so any exception
// is a finding too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/aws_error.h"
#include "aws/json_protocol.h"
#include "services/ecs_json.h"
#include "services/json_read.h"

namespace {

using services::ecs_json::Json;
namespace jr = services::json_read;

template <typename F>
void each(const Json& response, const char* key, F decode) {
  for (const Json& item : jr::array(response, key)) {
    (void)decode(item);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aws::HttpResponse response;
  response.status = 200;
  response.body.assign(reinterpret_cast<const char*>(data), size);
  auto doc = aws::json_protocol::parse_response(response, "DescribeServices");
  if (doc) {
    const Json& r = *doc;
    (void)services::ecs_json::failures(r);
    each(r, "clusters", services::ecs_json::cluster);
    each(r, "services", services::ecs_json::service);
    each(r, "tasks", services::ecs_json::task);
    each(r, "serviceDeployments", services::ecs_json::service_deployment);
    each(r, "serviceRevisions", services::ecs_json::service_revision);
    each(r, "serviceDeployments", services::ecs_json::service_deployment_brief);
    (void)services::ecs_json::tags(jr::array(r, "tags"));
    // The raw pass-through: kept whole, then serialised again for RegisterTaskDefinition.
    auto td = services::ecs_json::task_definition(r);
    (void)td.raw.dump(-1, ' ', false, Json::error_handler_t::replace);
    for (const Json& d : jr::array(r, "imageDetails")) {
      (void)jr::strings(d, "imageTags");
      (void)jr::str(d, "imageDigest");
      (void)jr::time(d, "imagePushedAt");
    }
  }
  response.status = 400;
  (void)aws::parse_error_response(response);
  return 0;
}
