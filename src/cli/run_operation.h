#pragma once
// The shared tail of every mutating command: reporters for this terminal, the AWS runtime,
// one engine call, the end-of-run reports, the exit code.

#include <functional>

#include "cli/command.h"
#include "engine/clients.h"
#include "engine/operation_result.h"
#include "engine/reporter.h"

namespace cli {

using Operation = std::function<engine::OperationResult(
    const engine::Clients& clients, util::Clock& clock, engine::Reporter& reporter)>;

// `base` names the command, cluster and service, for the result written when the run stops
// before the engine is reached (bad profile, no credentials...).
int run_operation(CommandContext& context, engine::OperationResult base, const Operation& op);

}  // namespace cli
