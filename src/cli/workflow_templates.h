#pragma once
// The GitHub workflow templates of examples/github/, embedded in the binary
// (the build generates their definitions with cmake/embed_templates.cmake).

#include <string_view>

namespace cli {

std::string_view deploy_workflow_template();    // examples/github/ecs-deploy.yml
std::string_view scale_workflow_template();     // examples/github/ecs-scale.yml
std::string_view approval_workflow_template();  // examples/github/ecs-deploy-approve.yml
std::string_view fleet_workflow_template();     // examples/github/ecs-deploy-fleet.yml

}  // namespace cli
