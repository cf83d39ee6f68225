#include "cli/cmd_scale.h"

#include "cli/common_options.h"
#include "cli/service_command.h"
#include "cli/target_options.h"
#include "cli/validate.h"

namespace cli {

namespace {

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    {.name = "desired-count",
     .value_name = "N",
     .help = "tasks to run; 0 stops the service's tasks",
     .env = "ECSDEPLOY_DESIRED_COUNT"},
    {.name = "restore",
     .kind = ArgKind::Flag,
     .help = "scale back to the count remembered by the last scale",
     .env = "ECSDEPLOY_RESTORE"},
    {.name = "remember",
     .kind = ArgKind::Flag,
     .help = "tag the previous count on the service first, for --restore (needs "
             "ecs:TagResource; --no-remember: scale without it)",
     .env = "ECSDEPLOY_REMEMBER",
     .negatable = true,
     .default_value = "true"},
    opt::timeout,
    opt::settle,
    opt::wait,
    opt::dry_run,
};

}  // namespace

OptionTable scale_options() {
  return k_options;
}

util::Result<engine::ScaleOptions> parse_scale(const OptionValues& v) {
  engine::ScaleOptions o;
  auto target = parse_target(v);
  if (!target) {
    return target.take_error();
  }
  auto count = optional_int(v, "desired-count", 0, o.max_desired_count);
  if (!count) {
    return count.take_error();
  }
  auto timeout = optional_duration(v, "timeout");
  if (!timeout) {
    return timeout.take_error();
  }
  auto account = expected_account(*target, v);
  if (!account) {
    return account.take_error();
  }
  o.restore = v.flag("restore");
  if (o.restore && count->has_value()) {
    // Both typed on the command line is a contradiction; a count that only comes from the
    // environment or a config file yields to an explicit --restore (flag > env).
    const OptionValue* c = v.find("desired-count");
    const OptionValue* r = v.find("restore");
    if (c->source == ValueSource::Flag || r->source != ValueSource::Flag) {
      return util::make_error(util::ErrorKind::InvalidInput,
                              "--restore and --desired-count cannot be used together (" +
                                  v.origin("restore") + ", " + v.origin("desired-count") + ")");
    }
    *count = std::nullopt;
  }
  if (!o.restore && !count->has_value()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "missing desired count: pass --desired-count N (0 stops the service) "
                            "or --restore");
  }
  o.cluster = std::move(target->cluster);
  o.service = std::move(target->service);
  o.desired_count = *count;
  o.expected_account = std::move(*account);
  o.timeout = timeout->value_or(o.timeout);
  auto settle = optional_settle(v);
  if (!settle) {
    return settle.take_error();
  }
  o.settle = *settle;
  o.wait = v.flag("wait");
  o.remember = v.flag("remember");
  o.dry_run = v.flag("dry-run");
  return o;
}

int run_scale(CommandContext& ctx) {
  return run_parsed_operation(ctx, "scale", parse_scale(ctx.values), engine::scale);
}

}  // namespace cli
