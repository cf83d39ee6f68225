#pragma once
// ecsdeploy history: the family's revisions newest first, with image tag, deploy metadata
// and the service deployments that ran them (read-only).

#include "cli/command.h"
#include "engine/history.h"
#include "util/result.h"

namespace cli {

OptionTable history_options();
util::Result<engine::HistoryOptions> parse_history(const OptionValues& values);
int run_history(CommandContext& context);

}  // namespace cli
