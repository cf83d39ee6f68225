#include "cli/cmd_init_workflows.h"

#include <filesystem>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli/command_error.h"
#include "cli/common_options.h"
#include "cli/config_file.h"
#include "cli/error_text.h"
#include "cli/exit_codes.h"
#include "cli/validate.h"
#include "cli/workflow_templates.h"
#include "util/strings.h"

namespace cli {

namespace {

constexpr OptionSpec k_options[] = {
    {.name = "dir",
     .value_name = "DIR",
     .help = "where to write the workflows",
     .env = "ECSDEPLOY_WORKFLOWS_DIR",
     .default_value = ".github/workflows"},
    {.name = "environments",
     .value_name = "LIST",
     .help = "comma-separated GitHub environments to choose from (the first is the default)",
     .env = "ECSDEPLOY_ENVIRONMENTS",
     .default_value = "staging,production"},
    {.name = "action-ref",
     .value_name = "REF",
     .help = "required: the ecsdeploy action the workflows use, OWNER/REPO@<commit SHA> (a tag "
             "is accepted with a warning) or ./PATH for a copy of action.yml in the repository "
             "(the workflows check the repository out)",
     .env = "ECSDEPLOY_ACTION_REF"},
    opt::cluster,
    opt::service,
    opt::container,
    opt::family,
    {.name = "approval",
     .kind = ArgKind::Flag,
     .help = "write the approval workflow ecs-deploy-approve.yml (deploy until a PAUSE hook, "
             "approve or reject in a protected environment) instead of the deploy and scale pair",
     .env = "ECSDEPLOY_APPROVAL"},
    {.name = "matrix",
     .kind = ArgKind::Flag,
     .help = "write the fleet workflow ecs-deploy-fleet.yml: the targets of ecsdeploy.yml, one "
             "matrix job per account and region (with --approval: both)",
     .env = "ECSDEPLOY_MATRIX"},
    {.name = "force",
     .kind = ArgKind::Flag,
     .help = "overwrite existing workflow files",
     .env = "ECSDEPLOY_FORCE"},
};

util::Error invalid(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

// Replaces `from` exactly once; a template edited out of shape is a bug, not a user error.
util::Status replace_once(std::string& text, std::string_view from, const std::string& to) {
  auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    return util::make_error(util::ErrorKind::Internal,
                            "workflow template changed shape near '" + std::string(from) + "'");
  }
  text.replace(at, from.size(), to);
  return {};
}

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

struct Written {
  std::string path;
  std::string content;
};

// The workflows to write, by file name, before the common settings are applied: the deploy
// and scale pair, or what --approval and --matrix ask for (the fleet's matrix from the config).
util::Result<std::vector<std::pair<std::string, std::string>>> chosen_workflows(
    const CommandContext& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  if (ctx.values.flag("approval")) {
    out.emplace_back("ecs-deploy-approve.yml", approval_workflow_template());
  }
  if (ctx.values.flag("matrix")) {
    auto config = load_config_file(ctx.global.config_path, ".");
    if (!config) {
      return config.take_error();
    }
    if (!*config || (*config)->targets.empty()) {
      return invalid(
          "--matrix writes the targets of ecsdeploy.yml into the workflow: no ecsdeploy.yml "
          "(or --config FILE) with targets found (docs/configuration.md)");
    }
    auto fleet = fill_fleet_matrix(fleet_workflow_template(), fleet_groups(**config));
    if (!fleet) {
      return fleet.take_error();
    }
    out.emplace_back("ecs-deploy-fleet.yml", std::move(*fleet));
  }
  if (out.empty()) {
    out.emplace_back("ecs-deploy.yml", deploy_workflow_template());
    out.emplace_back("ecs-scale.yml", scale_workflow_template());
  }
  return out;
}

}  // namespace

bool pinned_to_commit(const std::string& action_ref) {
  static const std::regex k_sha(R"(^[^@]+@[0-9a-f]{40}$)");
  return action_ref.rfind("./", 0) == 0 || std::regex_match(action_ref, k_sha);
}

util::Result<std::string> fill_workflow(std::string_view workflow, const WorkflowSettings& s) {
  static const std::regex k_env("^[A-Za-z0-9_-]{1,64}$");
  static const std::regex k_ref(
      R"(^(\./[A-Za-z0-9_./-]*|[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[A-Za-z0-9_./-]+)$)");
  if (s.environments.empty()) {
    return invalid("--environments needs at least one environment name");
  }
  for (const auto& e : s.environments) {
    if (!std::regex_match(e, k_env)) {
      return invalid("invalid environment " + quote_value(e) +
                     ": letters, digits, '-' and '_' only");
    }
  }
  if (!std::regex_match(s.action_ref, k_ref)) {
    return invalid("invalid --action-ref " + quote_value(s.action_ref) +
                   ": expected OWNER/REPO@REF or ./path");
  }
  std::string out(workflow);
  std::string options = "        default: " + s.environments.front() + "\n        options:\n";
  for (const auto& e : s.environments) {
    options += "          - " + e + "\n";
  }
  auto status = replace_once(
      out,
      "        default: staging\n        options:\n          - staging\n          - production\n",
      options);
  if (status) {
    status = replace_once(out, "            staging | production) ;;",
                          "            " + util::join(s.environments, " | ") + ") ;;");
  }
  if (status) {
    status = replace_once(out, "is not one of: staging, production",
                          "is not one of: " + util::join(s.environments, ", "));
  }
  if (!status) {
    return status.take_error();
  }
  // Every ecsdeploy step of the workflow (the approval workflow has one per job).
  if (out.find("        uses: ./\n") == std::string::npos) {
    return util::make_error(util::ErrorKind::Internal,
                            "workflow template changed shape near 'uses: ./'");
  }
  replace_all(out, "        uses: ./\n", "        uses: " + s.action_ref + "\n");
  const std::pair<const char*, const std::string*> names[] = {{"ECS_CLUSTER", &s.cluster},
                                                              {"ECS_SERVICE", &s.service},
                                                              {"ECS_CONTAINER", &s.container},
                                                              {"ECS_FAMILY", &s.family}};
  for (const auto& [var, value] : names) {
    if (!value->empty()) {
      // Names were validated as ECS names, so they need no quoting inside '...'.
      replace_all(out, std::string("${{ vars.") + var + " }}",
                  std::string("${{ vars.") + var + " || '" + *value + "' }}");
    }
  }
  return out;
}

OptionTable init_workflows_options() {
  return k_options;
}

int run_init_workflows(CommandContext& ctx) {
  auto fail = [&](const util::Error& e) { return command_error(ctx, e); };
  WorkflowSettings settings;
  settings.environments = util::split(ctx.values.get("environments").value_or(""), ',');
  for (auto& e : settings.environments) {
    e = std::string(util::trim(e));
  }
  // No default: a made-up OWNER/REPO would be a reference to an action that does not exist.
  auto action_ref = ctx.values.get("action-ref");
  if (!action_ref) {
    return fail(invalid(
        "init-workflows needs --action-ref: the ecsdeploy action your workflows use, pinned to "
        "a commit SHA (OWNER/REPO@<40-hex SHA>), or ./PATH for a copy of ecsdeploy's action.yml "
        "in your repository (docs/github-actions.md)"));
  }
  settings.action_ref = *action_ref;
  for (auto [option, field] :
       {std::pair{"cluster", &settings.cluster}, std::pair{"service", &settings.service},
        std::pair{"container", &settings.container}, std::pair{"family", &settings.family}}) {
    auto name = optional_name(ctx.values, option);
    if (!name) {
      return fail(name.error());
    }
    *field = name->value_or("");
  }
  const std::filesystem::path dir = ctx.values.get("dir").value_or(".github/workflows");
  auto chosen = chosen_workflows(ctx);
  if (!chosen) {
    return fail(chosen.error());
  }
  std::vector<Written> files;
  for (auto& [file, tmpl] : *chosen) {
    auto text = fill_workflow(tmpl, settings);
    if (!text) {
      return fail(text.error());
    }
    files.push_back({(dir / file).string(), std::move(*text)});
  }
  // Refuse before writing anything, so a refusal never leaves half the set updated.
  if (!ctx.values.flag("force")) {
    std::vector<std::string> existing;
    for (const auto& f : files) {
      if (std::filesystem::exists(f.path)) {
        existing.push_back(f.path);
      }
    }
    if (!existing.empty()) {
      return fail(
          invalid(util::join(existing, ", ") + " already exist(s); pass --force to overwrite"));
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail(util::make_error(util::ErrorKind::Internal,
                                 "cannot create " + dir.string() + ": " + ec.message()));
  }
  for (const auto& f : files) {
    std::ofstream out(f.path, std::ios::binary | std::ios::trunc);
    out << f.content;
    if (!out.flush()) {
      return fail(util::make_error(util::ErrorKind::Internal, "cannot write " + f.path));
    }
  }
  if (ctx.global.output == OutputFormat::Json) {
    nlohmann::ordered_json j;
    j["written"] = nlohmann::ordered_json::array();
    for (const auto& f : files) {
      j["written"].push_back(f.path);
    }
    std::fputs((j.dump() + "\n").c_str(), ctx.out);
  } else {
    for (const auto& f : files) {
      std::fprintf(ctx.out, "wrote %s\n", f.path.c_str());
    }
  }
  if (!pinned_to_commit(settings.action_ref)) {
    std::fprintf(ctx.err,
                 "warning: %s is not pinned to a commit SHA: a tag can be moved to other code; "
                 "pin OWNER/REPO@<40-hex SHA> (docs/github-actions.md)\n",
                 settings.action_ref.c_str());
  }
  if (ctx.values.flag("matrix")) {
    std::fputs(
        "next: set AWS_DEPLOY_ROLE_ARN_<ACCOUNT> for each account of the matrix (or one\n"
        "AWS_DEPLOY_ROLE_ARN) and AWS_REGION for targets without a region; run this again\n"
        "when ecsdeploy.yml's targets change (see docs/github-actions.md, \"Fleets\").\n",
        ctx.err);
  } else {
    std::fputs(
        "next: set the repository variables AWS_DEPLOY_ROLE_ARN, AWS_REGION, ECS_CLUSTER,\n"
        "ECS_SERVICE, ECS_CONTAINER, ECS_FAMILY (or per environment), create the role with\n"
        "`ecsdeploy iam-policy --github-repo OWNER/REPO --github-environment ENV`, then commit\n"
        "the workflows (see docs/github-actions.md).\n",
        ctx.err);
  }
  if (ctx.values.flag("approval")) {
    std::string approvals;
    for (const auto& e : settings.environments) {
      approvals += (approvals.empty() ? "" : ", ") + e + "-approval";
    }
    const std::string& first = settings.environments.front();
    std::fprintf(ctx.err,
                 "approval: create the environments %s (Settings > Environments) with required\n"
                 "reviewers before the first run (GitHub creates a missing one without\n"
                 "protection), and let each role trust its pair, e.g. --github-environment\n"
                 "%s,%s-approval (see docs/strategies.md).\n",
                 approvals.c_str(), first.c_str(), first.c_str());
  }
  return to_int(ExitCode::Success);
}

}  // namespace cli
