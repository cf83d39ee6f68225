#pragma once
// ecsdeploy status: what the service runs now, its deployments and recent events (read-only).

#include "cli/command.h"
#include "engine/status.h"
#include "util/result.h"

namespace cli {

OptionTable status_options();
util::Result<engine::StatusOptions> parse_status(const OptionValues& values);
int run_status(CommandContext& context);

}  // namespace cli
