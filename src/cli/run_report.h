#pragma once
// The shared tail of the read-only commands: the AWS runtime, one engine query, the report
// on stdout (text or one JSON object), errors as one line on stderr.

#include <functional>
#include <string>

#include "cli/command.h"
#include "engine/clients.h"
#include "util/result.h"

namespace cli {

// `query` returns the rendered report for the chosen output format.
int run_report(CommandContext& context,
               const std::function<util::Result<std::string>(const engine::Clients&)>& query);

}  // namespace cli
