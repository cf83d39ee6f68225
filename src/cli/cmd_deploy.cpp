#include "cli/cmd_deploy.h"

#include "cli/cmd_deploy_services.h"
#include "cli/common_options.h"
#include "cli/config_file.h"
#include "cli/run_operation_services.h"
#include "cli/service_command.h"
#include "cli/target_options.h"
#include "cli/validate.h"

namespace cli {

namespace {

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    opt::container,
    {.name = "image-tag",
     .value_name = "TAG",
     .help = "image tag to deploy (e.g. the commit SHA); the repository stays the same",
     .env = "ECSDEPLOY_IMAGE_TAG"},
    {.name = "desired-count",
     .value_name = "N",
     .help = "tasks to run after the deploy (default: the service's current count)",
     .env = "ECSDEPLOY_DESIRED_COUNT"},
    opt::family,
    opt::base,
    opt::repository,
    opt::expect_account,
    opt::timeout,
    opt::wait,
    {.name = "rollback-on-failure",
     .kind = ArgKind::Flag,
     .help = "when the rollout fails and ECS's circuit breaker did not roll back, ecsdeploy "
             "returns the service to what ran before; --no-rollback-on-failure turns off only "
             "this (the circuit breaker's own rollback is the service's setting)",
     .env = "ECSDEPLOY_ROLLBACK_ON_FAILURE",
     .negatable = true,
     .default_value = "true"},
    opt::dry_run,
    {.name = "force-new-revision",
     .kind = ArgKind::Flag,
     .help = "register a new revision even when the image is already at the tag",
     .env = "ECSDEPLOY_FORCE_NEW_REVISION"},
    {.name = "wait-for-idle",
     .kind = ArgKind::Flag,
     .help = "wait for a deployment already in progress instead of failing preflight",
     .env = "ECSDEPLOY_WAIT_FOR_IDLE"},
    {.name = "supersede",
     .kind = ArgKind::Flag,
     .help = "deploy even while another deployment is in progress (ECS replaces it)",
     .env = "ECSDEPLOY_SUPERSEDE"},
    opt::crash_loop,
    opt::settle,
    opt::wait_until,
    {.name = "services",
     .value_name = "LIST",
     .help = "deploy these entries of the config file in one run (comma-separated names); each "
             "entry gives its cluster, service, container, family and repository",
     .env = "ECSDEPLOY_SERVICES"},
    {.name = "all-services",
     .kind = ArgKind::Flag,
     .help = "deploy every entry of the config file in one run",
     .env = "ECSDEPLOY_ALL_SERVICES"},
};

}  // namespace

OptionTable deploy_options() {
  return k_options;
}

util::Result<engine::DeployOptions> parse_deploy(const OptionValues& v, const util::Env& env) {
  engine::DeployOptions o;
  auto target = parse_target(v);
  if (!target) {
    return target.take_error();
  }
  auto container = require_name(v, "container");
  if (!container) {
    return container.take_error();
  }
  auto tag = optional_image_tag(v, "image-tag");
  if (!tag) {
    return tag.take_error();
  }
  if (!*tag) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "missing image tag: pass --image-tag TAG or set ECSDEPLOY_IMAGE_TAG");
  }
  auto count = optional_int(v, "desired-count", 0, o.max_desired_count);
  if (!count) {
    return count.take_error();
  }
  auto family = optional_name(v, "family");
  if (!family) {
    return family.take_error();
  }
  auto repository = optional_repository(v, "repository");
  if (!repository) {
    return repository.take_error();
  }
  auto account = expected_account(*target, v);
  if (!account) {
    return account.take_error();
  }
  if (auto watch = parse_watch(v, o.watch); !watch) {
    return watch.take_error();
  }
  auto base = parse_base(v, true, {});
  if (!base) {
    return base.take_error();
  }
  o.base = *base;
  o.cluster = std::move(target->cluster);
  o.service = std::move(target->service);
  o.container = std::move(*container);
  o.image_tag = std::move(**tag);
  // Not given: keep the service's count (a deploy during an incident must not resize it).
  o.keep_desired_count = !count->has_value();
  o.desired_count = count->value_or(o.desired_count);
  o.family = family->value_or("");
  o.repository = repository->value_or("");
  o.expected_account = std::move(*account);
  o.wait = v.flag("wait");
  o.rollback_on_failure = v.flag("rollback-on-failure");
  o.dry_run = v.flag("dry-run");
  o.force_new_revision = v.flag("force-new-revision");
  o.wait_for_idle = v.flag("wait-for-idle");
  o.supersede = v.flag("supersede");
  if (o.wait_for_idle && o.supersede) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "--wait-for-idle and --supersede contradict each other: pick one");
  }
  o.metadata = engine::metadata_from_env(env);
  o.job_limit = github_job_limit(env);
  return o;
}

std::optional<std::chrono::minutes> github_job_limit(const util::Env& env) {
  if (env.get_or("GITHUB_ACTIONS", "") != "true" ||
      env.get_or("RUNNER_ENVIRONMENT", "") == "self-hosted") {
    return std::nullopt;
  }
  return std::chrono::hours(6);
}

int run_deploy(CommandContext& ctx) {
  if (!wants_several_services(ctx.values)) {
    return run_parsed_operation(ctx, "deploy", parse_deploy(ctx.values, ctx.env), engine::deploy);
  }
  // Several services: each config entry gives its own target (cli/cmd_deploy_services.h),
  // from the file cli/app loaded for this run.
  static const std::optional<ConfigFile> k_none;
  auto selection = parse_deploy_services(
      ctx.values, ctx.env, ctx.config != nullptr ? *ctx.config : k_none, ctx.global.target);
  if (!selection) {
    return usage_error(ctx, selection.error());
  }
  GlobalOptions global = ctx.global;
  if (selection->region && !global.session.region && !ctx.env.get_nonempty("AWS_REGION") &&
      !ctx.env.get_nonempty("AWS_DEFAULT_REGION")) {
    if (util::Status st = check_region(*selection->region, "the config entries' region"); !st) {
      return usage_error(ctx, st.error());
    }
    global.session.region = selection->region;
  }
  return run_services_operation(ctx, global, selection->services);
}

}  // namespace cli
