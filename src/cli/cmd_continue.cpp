#include "cli/cmd_continue.h"

#include <algorithm>

#include "cli/common_options.h"
#include "cli/service_command.h"
#include "cli/target_options.h"
#include "cli/validate.h"

namespace cli {

namespace {

constexpr size_t k_max_hook_id = 255;

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    {.name = "rollback",
     .kind = ArgKind::Flag,
     .help = "reject the paused deployment: ECS rolls it back to the revision that ran before",
     .env = "ECSDEPLOY_CONTINUE_ROLLBACK"},
    {.name = "hook-id",
     .value_name = "ID",
     .help = "the pause hook to resume (needed when several await action)",
     .env = "ECSDEPLOY_HOOK_ID"},
    opt::wait_until,
    opt::expect_account,
    opt::timeout,
    opt::dry_run,
    opt::crash_loop,
    opt::settle,
};

util::Error usage(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

// ECS's hook ids are short printable tokens: nothing else is sent.
bool valid_hook_id(const std::string& id) {
  return !id.empty() && id.size() <= k_max_hook_id &&
         std::all_of(id.begin(), id.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

OptionTable continue_options() {
  return k_options;
}

util::Result<engine::ContinueOptions> parse_continue(const OptionValues& v) {
  engine::ContinueOptions o;
  auto target = parse_target(v);
  if (!target) {
    return target.take_error();
  }
  auto account = expected_account(*target, v);
  if (!account) {
    return account.take_error();
  }
  if (auto watch = parse_watch(v, o.watch); !watch) {
    return watch.take_error();
  }
  auto asked = optional_wait_until(v);
  if (!asked) {
    return asked.take_error();
  }
  const engine::WaitUntil wait_until = asked->value_or(engine::WaitUntil{});
  o.rollback = v.flag("rollback");
  if (o.rollback && wait_until.kind != engine::WaitUntil::Kind::Completed) {
    return usage("--rollback waits for ECS's rollback to end; " + v.origin("wait-until") +
                 " applies only when continuing");
  }
  if (auto hook = v.get("hook-id")) {
    if (!valid_hook_id(*hook)) {
      return usage("invalid " + v.origin("hook-id") + " " + quote_value(*hook) +
                   ": a hook id is printable ASCII without spaces, at most 255 characters");
    }
    o.hook_id = *hook;
  }
  o.cluster = std::move(target->cluster);
  o.service = std::move(target->service);
  o.expected_account = std::move(*account);
  o.watch.wait_until = wait_until;
  o.dry_run = v.flag("dry-run");
  return o;
}

int run_continue(CommandContext& ctx) {
  return run_parsed_operation(ctx, "continue", parse_continue(ctx.values),
                              engine::continue_deployment);
}

}  // namespace cli
