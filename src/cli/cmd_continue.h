#pragma once
// ecsdeploy continue: resume the deployment paused at a PAUSE hook (or reject it with
// --rollback), then watch it like deploy (--wait-until the next pause or a stage).

#include "cli/command.h"
#include "engine/continue_deployment.h"
#include "util/result.h"

namespace cli {

OptionTable continue_options();
// Pure.
util::Result<engine::ContinueOptions> parse_continue(const OptionValues& values);
int run_continue(CommandContext& context);

}  // namespace cli
