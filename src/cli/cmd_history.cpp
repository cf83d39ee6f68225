#include "cli/cmd_history.h"

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
    opt::family,
    {.name = "container",
     .value_name = "NAME",
     .help = "container whose image tag is shown (default: the first)",
     .env = "ECSDEPLOY_CONTAINER",
     .config_key = "container"},
    {.name = "limit",
     .value_name = "N",
     .help = "revisions to show, newest first (1-100)",
     .env = "ECSDEPLOY_LIMIT",
     .default_value = "20"},
};

}  // namespace

OptionTable history_options() {
  return k_options;
}

util::Result<engine::HistoryOptions> parse_history(const OptionValues& v) {
  engine::HistoryOptions o;
  auto cluster = require_name(v, "cluster", true);
  if (!cluster) {
    return cluster.take_error();
  }
  auto service = require_name(v, "service", true);
  if (!service) {
    return service.take_error();
  }
  auto family = optional_name(v, "family");
  if (!family) {
    return family.take_error();
  }
  auto container = optional_name(v, "container");
  if (!container) {
    return container.take_error();
  }
  auto limit = optional_int(v, "limit", 1, 100);
  if (!limit) {
    return limit.take_error();
  }
  o.cluster = std::move(*cluster);
  o.service = std::move(*service);
  o.family = family->value_or("");
  o.container = container->value_or("");
  o.limit = limit->value_or(o.limit);
  return o;
}

int run_history(CommandContext& ctx) {
  auto options = parse_history(ctx.values);
  if (!options) {
    print_error(ctx.err, explain_error(options.error()));
    return to_int(ExitCode::Usage);
  }
  const bool json = ctx.global.output == OutputFormat::Json;
  return run_report(ctx, [&](const engine::Clients& clients) -> util::Result<std::string> {
    auto report = engine::history(clients, *options);
    if (!report) {
      return report.take_error();
    }
    return json ? history_json(*report) : history_text(*report);
  });
}

}  // namespace cli
