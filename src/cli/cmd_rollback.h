#pragma once
// ecsdeploy rollback: back to the last revision that really ran well (contributing.md, S7), or
// to --to-revision N, or redeploy --to-tag TAG through the normal deploy path.

#include "cli/command.h"
#include "engine/rollback.h"
#include "util/result.h"

namespace cli {

OptionTable rollback_options();
util::Result<engine::RollbackOptions> parse_rollback(const OptionValues& values,
                                                     const util::Env& env);
int run_rollback(CommandContext& context);

}  // namespace cli
