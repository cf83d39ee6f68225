#pragma once
// ecsdeploy iam-policy: prints least-privilege policies for the CI deploy role, the task
// execution role and the task role, plus the GitHub OIDC trust policy (contributing.md, S12).

#include <string>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "engine/iam_policy.h"
#include "util/result.h"

namespace cli {

// Pure: account, region and partition from the options, else from the task definition's ARNs
// (a rendered task definition often has them); --pause-hooks and --alarms for a service that
// is not read from ECS. InvalidInput names what is missing.
util::Result<engine::PolicyTarget> policy_target_from(const OptionValues& values,
                                                      const util::Env& env,
                                                      const nlohmann::ordered_json& task_definition,
                                                      const std::string& region_option);

OptionTable iam_policy_options();
int run_iam_policy(CommandContext& context);

}  // namespace cli
