#include "cli/cmd_status.h"

#include "cli/common_options.h"
#include "cli/report_views.h"
#include "cli/service_command.h"
#include "cli/target_options.h"
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
    {.name = "stopped",
     .value_name = "N",
     .help = "recently stopped tasks to show, grouped by why they stopped, with log lines (0: "
             "none)",
     .env = "ECSDEPLOY_STOPPED",
     .default_value = "5"},
};

}  // namespace

OptionTable status_options() {
  return k_options;
}

util::Result<engine::StatusOptions> parse_status(const OptionValues& v) {
  engine::StatusOptions o;
  auto target = parse_target(v);
  if (!target) {
    return target.take_error();
  }
  auto events = optional_int(v, "events", 0, 100);
  if (!events) {
    return events.take_error();
  }
  auto stopped = optional_int(v, "stopped", 0, 100);
  if (!stopped) {
    return stopped.take_error();
  }
  o.cluster = std::move(target->cluster);
  o.service = std::move(target->service);
  o.event_count = events->value_or(o.event_count);
  o.stopped_count = stopped->value_or(o.stopped_count);
  return o;
}

int run_status(CommandContext& ctx) {
  return run_parsed_report(ctx, parse_status(ctx.values), engine::status, status_json, status_text);
}

}  // namespace cli
