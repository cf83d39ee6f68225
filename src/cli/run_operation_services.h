#pragma once
// The tail of deploy --services: reporters for every service, the AWS runtime, one
// engine::deploy_services call, the end-of-run reports and the exit code of the worst outcome.

#include <vector>

#include "cli/command.h"
#include "cli/global_options.h"
#include "engine/deploy.h"

namespace cli {

// `global` is the context's global options with the entries' region applied.
int run_services_operation(CommandContext& context, const GlobalOptions& global,
                           const std::vector<engine::DeployOptions>& services);

}  // namespace cli
