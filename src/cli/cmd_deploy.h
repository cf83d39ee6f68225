#pragma once
// ecsdeploy deploy: a new revision with one container's image changed, one UpdateService,
// and a watch until this deployment truly ends (contributing.md, S1-S6).

#include <chrono>
#include <optional>

#include "cli/command.h"
#include "engine/deploy.h"
#include "util/result.h"

namespace cli {

OptionTable deploy_options();

// Pure: typed, validated options (InvalidInput on bad values). `env` supplies the GitHub
// Actions deploy metadata (commit, run URL, actor).
util::Result<engine::DeployOptions> parse_deploy(const OptionValues& values, const util::Env& env);

// A GitHub-hosted job's limit (6 h, GitHub's "Usage limits" docs) when `env` is such a job
// (GITHUB_ACTIONS=true, RUNNER_ENVIRONMENT not self-hosted); nullopt elsewhere.
std::optional<std::chrono::minutes> github_job_limit(const util::Env& env);

int run_deploy(CommandContext& context);

}  // namespace cli
