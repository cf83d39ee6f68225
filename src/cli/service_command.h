#pragma once
// The handler shape of the commands on one service (deploy, scale, rollback, status,
// history): parse the command's options, then either a usage error (exit 2) or the shared tail
// that runs the engine (cli/run_operation.h for commands that change the service,
// cli/run_report.h for the read-only ones). `deploy --services` has its own tail
// (run_operation_services.h); whoami, lint, iam-policy and init-workflows print a report of
// their own and end through cli/command_error.h on failure.

#include <string_view>

#include "cli/command.h"
#include "cli/run_operation.h"
#include "cli/run_report.h"
#include "util/error.h"
#include "util/result.h"

namespace cli {

// Prints the explained parse error on stderr; returns the usage exit code.
int usage_error(CommandContext& context, const util::Error& error);

// A mutating command: `operation(clients, clock, reporter, options)` returns the
// engine::OperationResult. `options` names the cluster and service for the result written
// when the run stops before the engine is reached.
template <typename Options, typename Operation>
int run_parsed_operation(CommandContext& context, std::string_view command,
                         const util::Result<Options>& options, Operation operation) {
  if (!options) {
    return usage_error(context, options.error());
  }
  engine::OperationResult base;
  base.command = command;
  base.cluster = options->cluster;
  base.service = options->service;
  return run_operation(
      context, base,
      [&](const engine::Clients& clients, util::Clock& clock, engine::Reporter& reporter) {
        return operation(clients, clock, reporter, *options);
      });
}

// A read-only command: `query(clients, options)` returns the report, rendered with `json` or
// `text` for the chosen output format.
template <typename Options, typename Query, typename Json, typename Text>
int run_parsed_report(CommandContext& context, const util::Result<Options>& options, Query query,
                      Json json, Text text) {
  if (!options) {
    return usage_error(context, options.error());
  }
  const bool as_json = context.global.output == OutputFormat::Json;
  return run_report(context, [&](const engine::Clients& clients) -> util::Result<std::string> {
    auto report = query(clients, *options);
    if (!report) {
      return report.take_error();
    }
    return as_json ? json(*report) : text(*report);
  });
}

}  // namespace cli
