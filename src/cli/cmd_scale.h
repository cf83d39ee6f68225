#pragma once
// ecsdeploy scale: change only the desired count (contributing.md, S9); 0 stops the environment,
// --restore brings back the count remembered on the service.

#include "cli/command.h"
#include "engine/scale.h"
#include "util/result.h"

namespace cli {

OptionTable scale_options();
// Pure: exactly one of --desired-count N and --restore.
util::Result<engine::ScaleOptions> parse_scale(const OptionValues& values);
int run_scale(CommandContext& context);

}  // namespace cli
