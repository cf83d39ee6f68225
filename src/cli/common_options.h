#pragma once
// Option rows shared by several commands. Every command option also comes from
// ECSDEPLOY_<NAME> and, for target names, from the config file (cli/config_file.h).

#include "cli/option_spec.h"

namespace cli::opt {

inline constexpr OptionSpec cluster{.name = "cluster",
                                    .value_name = "NAME",
                                    .help = "ECS cluster name or ARN",
                                    .env = "ECSDEPLOY_CLUSTER",
                                    .config_key = "cluster"};
inline constexpr OptionSpec service{.name = "service",
                                    .value_name = "NAME",
                                    .help = "ECS service name or ARN",
                                    .env = "ECSDEPLOY_SERVICE",
                                    .config_key = "service"};
inline constexpr OptionSpec container{.name = "container",
                                      .value_name = "NAME",
                                      .help = "container whose image changes",
                                      .env = "ECSDEPLOY_CONTAINER",
                                      .config_key = "container"};
inline constexpr OptionSpec family{
    .name = "family",
    .value_name = "NAME",
    .help = "task definition family the service must run (default: the service's own)",
    .env = "ECSDEPLOY_FAMILY",
    .config_key = "family"};
inline constexpr OptionSpec repository{
    .name = "repository",
    .value_name = "NAME",
    .help = "ECR repository expected in the container's image (checked before deploying)",
    .env = "ECSDEPLOY_REPOSITORY",
    .config_key = "repository"};
inline constexpr OptionSpec image_tag{.name = "image-tag",
                                      .value_name = "TAG",
                                      .help = "image tag to deploy (e.g. the commit SHA)",
                                      .env = "ECSDEPLOY_IMAGE_TAG"};
inline constexpr OptionSpec expect_account{
    .name = "expect-account",
    .value_name = "ID",
    .help = "fail preflight unless the credentials belong to this 12-digit account",
    .env = "ECSDEPLOY_EXPECT_ACCOUNT",
    .config_key = "expect_account"};
inline constexpr OptionSpec timeout{.name = "timeout",
                                    .value_name = "DURATION",
                                    .help = "give up waiting after this long (exit 5)",
                                    .env = "ECSDEPLOY_TIMEOUT",
                                    .default_value = "30m"};
inline constexpr OptionSpec wait{
    .name = "wait",
    .kind = ArgKind::Flag,
    .help = "wait until the rollout ends (--no-wait: return after the update)",
    .env = "ECSDEPLOY_WAIT",
    .negatable = true,
    .default_value = "true"};
inline constexpr OptionSpec dry_run{.name = "dry-run",
                                    .kind = ArgKind::Flag,
                                    .help = "run the preflight and show the plan; change nothing",
                                    .env = "ECSDEPLOY_DRY_RUN"};
inline constexpr OptionSpec crash_loop{.name = "crash-loop-threshold",
                                       .value_name = "N",
                                       .help = "fail after N tasks of the new revision stopped",
                                       .env = "ECSDEPLOY_CRASH_LOOP_THRESHOLD",
                                       .default_value = "3"};
inline constexpr OptionSpec settle{
    .name = "settle",
    .value_name = "DURATION",
    .help =
        "after ECS completes the rollout, every new task must have run this long before "
        "success (default: 1m, or the health check grace period / container health check "
        "when longer; 0: no window)",
    .env = "ECSDEPLOY_SETTLE"};

inline constexpr OptionSpec wait_until{
    .name = "wait-until",
    .value_name = "WHEN",
    .help =
        "stop waiting with exit 0 before the deployment ends: paused (a PAUSE lifecycle hook "
        "awaits `ecsdeploy continue`) or a lifecycle stage such as BAKE_TIME (also ecs:STAGE); "
        "default completed (docs/strategies.md)",
    .env = "ECSDEPLOY_WAIT_UNTIL",
    .default_value = "completed"};

inline constexpr OptionSpec base{
    .name = "base",
    .value_name = "WHICH",
    .help =
        "the revision the new one copies: latest (the family's), last-good (the one that "
        "last ran successfully), or a revision number; auto: latest, except when redeploying "
        "a tag that ran well after the latest revision failed (docs/rollback.md)",
    .env = "ECSDEPLOY_BASE",
    .default_value = "auto"};

inline constexpr OptionSpec rollback_base{
    .name = "base",
    .value_name = "WHICH",
    .help =
        "with --to-tag, the revision the new one copies: last-good (the one that last ran "
        "successfully), latest (the family's), or a revision number (docs/rollback.md)",
    .env = "ECSDEPLOY_BASE",
    .default_value = "last-good"};

}  // namespace cli::opt
