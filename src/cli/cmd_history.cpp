#include "cli/cmd_history.h"

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
  auto target = parse_target(v);
  if (!target) {
    return target.take_error();
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
  o.cluster = std::move(target->cluster);
  o.service = std::move(target->service);
  o.family = family->value_or("");
  o.container = container->value_or("");
  o.limit = limit->value_or(o.limit);
  return o;
}

int run_history(CommandContext& ctx) {
  return run_parsed_report(ctx, parse_history(ctx.values), engine::history, history_json,
                           history_text);
}

}  // namespace cli
