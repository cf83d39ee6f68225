#include "cli/cmd_rollback.h"

#include "cli/common_options.h"
#include "cli/service_command.h"
#include "cli/target_options.h"
#include "cli/validate.h"

namespace cli {

namespace {

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    {.name = "to-revision",
     .value_name = "N",
     .help = "go back to revision N of the service's family",
     .env = "ECSDEPLOY_TO_REVISION"},
    {.name = "to-tag",
     .value_name = "TAG",
     .help = "redeploy this image tag through the normal deploy path (needs --container)",
     .env = "ECSDEPLOY_TO_TAG"},
    opt::container,
    opt::rollback_base,
    opt::expect_account,
    opt::timeout,
    opt::wait,
    opt::dry_run,
    opt::crash_loop,
    opt::settle,
};

util::Error usage(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

}  // namespace

OptionTable rollback_options() {
  return k_options;
}

util::Result<engine::RollbackOptions> parse_rollback(const OptionValues& v, const util::Env& env) {
  engine::RollbackOptions o;
  auto target = parse_target(v);
  if (!target) {
    return target.take_error();
  }
  auto revision = optional_int(v, "to-revision", 1, 1'000'000);
  if (!revision) {
    return revision.take_error();
  }
  auto tag = optional_image_tag(v, "to-tag");
  if (!tag) {
    return tag.take_error();
  }
  auto container = optional_name(v, "container");
  if (!container) {
    return container.take_error();
  }
  auto account = expected_account(*target, v);
  if (!account) {
    return account.take_error();
  }
  if (auto watch = parse_watch(v, o.watch); !watch) {
    return watch.take_error();
  }
  if (*revision && *tag) {
    return usage("--to-revision and --to-tag cannot be used together (" + v.origin("to-revision") +
                 ", " + v.origin("to-tag") + ")");
  }
  auto base = parse_base(v, false, engine::BaseChoice{engine::BaseKind::LastGood});
  if (!base) {
    return base.take_error();
  }
  if (const OptionValue* b = v.find("base"); b && b->source == ValueSource::Flag && !*tag) {
    return usage(
        "--base chooses what a --to-tag revision copies; without --to-tag the rollback "
        "reuses an existing revision (" +
        v.origin("base") + ")");
  }
  if (*tag && !*container) {
    return usage(
        "--to-tag needs the container whose image changes: pass --container, set "
        "ECSDEPLOY_CONTAINER, or put 'container' in ecsdeploy.yml");
  }
  o.cluster = std::move(target->cluster);
  o.service = std::move(target->service);
  o.to_revision = *revision;
  o.to_tag = *tag;
  o.container = container->value_or("");
  o.base = *base;
  o.expected_account = std::move(*account);
  o.wait = v.flag("wait");
  o.dry_run = v.flag("dry-run");
  o.metadata = engine::metadata_from_env(env);
  return o;
}

int run_rollback(CommandContext& ctx) {
  return run_parsed_operation(ctx, "rollback", parse_rollback(ctx.values, ctx.env),
                              engine::rollback);
}

}  // namespace cli
