#include "cli/cmd_status.h"

#include "cli/common_options.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/report_views.h"
#include "cli/run_report.h"
#include "cli/validate.h"

namespace cli {

namespace {

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    {.name = "events",
     .value_name = "N",
     .help = "recent service events to show",
     .env = "ECSDEPLOY_EVENTS",
     .default_value = "10"},
};

}  // namespace

OptionTable status_options() {
  return k_options;
}

util::Result<engine::StatusOptions> parse_status(const OptionValues& v) {
  engine::StatusOptions o;
  auto cluster = require_name(v, "cluster", true);
  if (!cluster) {
    return cluster.take_error();
  }
  auto service = require_name(v, "service", true);
  if (!service) {
    return service.take_error();
  }
  auto events = optional_int(v, "events", 0, 100);
  if (!events) {
    return events.take_error();
  }
  o.cluster = std::move(*cluster);
  o.service = std::move(*service);
  o.event_count = events->value_or(o.event_count);
  return o;
}

int run_status(CommandContext& ctx) {
  auto options = parse_status(ctx.values);
  if (!options) {
    print_error(ctx.err, explain_error(options.error()));
    return to_int(ExitCode::Usage);
  }
  const bool json = ctx.global.output == OutputFormat::Json;
  return run_report(ctx, [&](const engine::Clients& clients) -> util::Result<std::string> {
    auto report = engine::status(clients, *options);
    if (!report) {
      return report.take_error();
    }
    return json ? status_json(*report) : status_text(*report);
  });
}

}  // namespace cli
