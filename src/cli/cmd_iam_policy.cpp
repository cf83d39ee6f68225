#include "cli/cmd_iam_policy.h"

#include <optional>
#include <regex>

#include "aws/session.h"
#include "cli/command_error.h"
#include "cli/common_options.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/next_step_text.h"
#include "cli/task_definition_input.h"
#include "cli/validate.h"
#include "services/sts_client.h"
#include "util/strings.h"

namespace cli {

namespace {

constexpr OptionSpec k_task_definition_file{
    .name = "task-definition",
    .value_name = "FILE",
    .help = "read the task definition from this JSON file instead of ECS (works offline)",
    .env = "ECSDEPLOY_TASK_DEFINITION"};

constexpr OptionSpec k_options[] = {
    opt::cluster,
    opt::service,
    opt::family,
    opt::container,
    k_task_definition_file,
    {.name = "account",
     .value_name = "ID",
     .help = "AWS account id for the ARNs (default: from the task definition or STS)",
     .env = "ECSDEPLOY_ACCOUNT",
     .config_key = "expect_account"},
    {.name = "github-repo",
     .value_name = "OWNER/REPO",
     .help = "GitHub repository allowed to assume the deploy role (OIDC trust policy)",
     .env = "ECSDEPLOY_GITHUB_REPO"},
    {.name = "github-environment",
     .value_name = "ENV",
     .help = "GitHub environment the deploy job runs in (part of the OIDC subject)",
     .env = "ECSDEPLOY_GITHUB_ENVIRONMENT"},
    {.name = "pause-hooks",
     .kind = ArgKind::Flag,
     .help = "with --task-definition: the service has a PAUSE lifecycle hook (grants "
             "ecs:ContinueServiceDeployment; read from the service otherwise)",
     .env = "ECSDEPLOY_PAUSE_HOOKS"},
    {.name = "alarms",
     .value_name = "LIST",
     .help = "with --task-definition: comma-separated CloudWatch alarms the service's "
             "deployments monitor (grants cloudwatch:DescribeAlarms on each; read from the "
             "service otherwise)",
     .env = "ECSDEPLOY_ALARMS"},
    {.name = "format",
     .value_name = "FORMAT",
     .help = "json, terraform or cloudformation",
     .env = "ECSDEPLOY_FORMAT",
     .default_value = "json"},
};

// arn:PARTITION:SERVICE:REGION:ACCOUNT:...
std::vector<std::string> arn_fields(const std::string& arn) {
  if (arn.rfind("arn:", 0) != 0) {
    return {};
  }
  auto fields = util::split(arn, ':');
  return fields.size() >= 6 ? fields : std::vector<std::string>{};
}

int fail(CommandContext& ctx, const util::Error& e) {
  return command_error(ctx, e);
}

}  // namespace

util::Result<engine::PolicyTarget> policy_target_from(const OptionValues& values,
                                                      const util::Env& env,
                                                      const nlohmann::ordered_json& td,
                                                      const std::string& region_option) {
  engine::PolicyTarget t;
  auto cluster = require_name(values, "cluster", true);
  if (!cluster) {
    return cluster.take_error();
  }
  auto service = require_name(values, "service", true);
  if (!service) {
    return service.take_error();
  }
  t.cluster = *cluster;
  t.service = *service;
  t.family = values.get("family").value_or("");
  t.container = values.get("container").value_or("");
  t.github_repository = values.get("github-repo").value_or("");
  t.github_environment = values.get("github-environment").value_or("");
  t.pause_hooks = values.flag("pause-hooks");
  for (const auto& name : util::split(values.get("alarms").value_or(""), ',')) {
    if (!util::trim(name).empty()) {
      t.alarm_names.emplace_back(util::trim(name));
    }
  }
  // The ARNs a task definition carries tell its partition, region and account.
  std::vector<std::string> from_arn;
  for (const char* key : {"taskDefinitionArn", "executionRoleArn", "taskRoleArn"}) {
    auto it = td.find(key);
    if (it != td.end() && it->is_string() && !arn_fields(it->get<std::string>()).empty()) {
      from_arn = arn_fields(it->get<std::string>());
      break;
    }
  }
  t.account = values.get("account").value_or(from_arn.size() > 4 ? from_arn[4] : "");
  t.region = region_option;
  if (t.region.empty()) {
    t.region = env.get_nonempty("AWS_REGION").value_or(env.get_or("AWS_DEFAULT_REGION", ""));
  }
  if (t.region.empty() && from_arn.size() > 3) {
    t.region = from_arn[3];
  }
  if (!from_arn.empty()) {
    t.partition = from_arn[1];
  } else if (t.region.rfind("cn-", 0) == 0) {
    t.partition = "aws-cn";
  } else if (t.region.rfind("us-gov-", 0) == 0) {
    t.partition = "aws-us-gov";
  }
  if (t.account.empty()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "the account id is unknown: pass --account ID");
  }
  if (t.region.empty()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "the region is unknown: pass --region or set AWS_REGION");
  }
  return t;
}

OptionTable iam_policy_options() {
  return k_options;
}

int run_iam_policy(CommandContext& ctx) {
  const std::string format_text = ctx.values.get("format").value_or("json");
  auto format = engine::parse_policy_format(format_text);
  if (!format) {
    return fail(ctx, util::make_error(util::ErrorKind::InvalidInput,
                                      "invalid format " + quote_value(format_text) +
                                          ": expected json, terraform or cloudformation"));
  }
  nlohmann::ordered_json td;
  std::optional<services::Service> live;  // read from ECS: its deployment configuration
  std::string region = ctx.global.session.region.value_or("");
  std::string account = ctx.values.get("account").value_or("");
  if (auto file = ctx.values.get("task-definition")) {
    auto read = read_json_file(*file);
    if (!read) {
      return fail(ctx, read.error());
    }
    td = task_definition_of(read->json);
  } else {
    auto cluster = require_name(ctx.values, "cluster", true);
    auto service = require_name(ctx.values, "service", true);
    if (!cluster || !service) {
      return fail(ctx, !cluster ? cluster.error() : service.error());
    }
    auto session = aws::make_session(ctx.global.session, ctx.env, ctx.clock);
    if (!session) {
      return fail(ctx, session.error());
    }
    auto fetched =
        fetch_task_definition(*session, *cluster, *service, ctx.values.get("family").value_or(""));
    if (!fetched) {
      return fail(ctx, fetched.error());
    }
    td = fetched->task_definition.raw;
    live = fetched->service;
    region = session->region;
    if (account.empty()) {
      services::StsClient sts(*session->client);
      auto identity = sts.get_caller_identity();
      if (!identity) {
        return fail(ctx, identity.error());
      }
      account = identity->account;
    }
  }
  OptionValues values = ctx.values;
  if (!account.empty()) {
    values.set("account", OptionValue{account, ValueSource::Default, "STS"});
  }
  auto target = policy_target_from(values, ctx.env, td, region);
  if (!target) {
    return fail(ctx, target.error());
  }
  if (live) {
    engine::use_deployment_configuration(*target, live->deployment_configuration);
  }
  auto set = engine::generate_policies(td, *target);
  if (!set) {
    return fail(ctx, set.error());
  }
  std::fputs(engine::render_policies(*set, *format).c_str(), ctx.out);
  for (const auto& note : set->notes) {
    std::fprintf(ctx.err, "note: %s\n", note.c_str());
  }
  for (const auto& hint : set->next) {
    std::fprintf(ctx.err, "note: %s\n", next_step_text(hint).c_str());
  }
  return to_int(ExitCode::Success);
}

}  // namespace cli
