#include "engine/iam_policy.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "engine/iam_policy_parts.h"
#include "engine/names.h"
#include "util/strings.h"

namespace engine {

namespace iam_parts {

void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(std::move(value));
  }
}

std::vector<std::string> github_environments(const PolicyTarget& target) {
  std::vector<std::string> out;
  for (const auto& part : util::split(target.github_environment, ',')) {
    out.emplace_back(util::trim(part));
  }
  return out;
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<LogGroup> awslogs_group(const Json& container) {
  auto lc = container.find("logConfiguration");
  if (lc == container.end() || !lc->is_object() || str(*lc, "logDriver") != "awslogs") {
    return std::nullopt;
  }
  auto opts = lc->find("options");
  if (opts == lc->end() || !opts->is_object()) {
    return std::nullopt;
  }
  LogGroup g{str(*opts, "awslogs-group"), str(*opts, "awslogs-region"),
             str(*opts, "awslogs-create-group") == "true"};
  if (g.name.empty()) {
    return std::nullopt;
  }
  return g;
}

}  // namespace iam_parts

namespace {

using iam_parts::ArnMaker;
using iam_parts::Json;
using iam_parts::str;

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool valid_region(std::string_view r) {
  static const std::regex k_re("^[a-z]{2}(-[a-z]+)+-[0-9]$");
  return std::regex_match(std::string(r), k_re);
}

const Json* find_container(const Json& containers, const std::string& name) {
  for (const auto& c : containers) {
    if (name.empty() ? c.value("essential", true) : str(c, "name") == name) {
      return &c;
    }
  }
  return nullptr;
}

util::Status check_target(const PolicyTarget& t) {
  auto bad = [](std::string m) {
    return util::make_error(util::ErrorKind::InvalidInput, std::move(m));
  };
  if (t.account.size() != 12 || !all_digits(t.account)) {
    return bad("account '" + t.account + "' is not a 12-digit AWS account id");
  }
  if (!valid_region(t.region)) {
    return bad("region '" + t.region + "' is not an AWS region name (e.g. ap-northeast-1)");
  }
  if (!is_valid_resource_name(t.cluster) || !is_valid_resource_name(t.service)) {
    return bad("cluster and service must be ECS names (letters, digits, '-', '_')");
  }
  for (const auto& name : t.alarm_names) {
    // '*' and '?' are wildcards in an IAM resource: such a name would grant other alarms.
    if (name.empty() || name.size() > 255 || name.find_first_of("*?") != std::string::npos ||
        std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20; })) {
      return bad("alarm name '" + name +
                 "' cannot be scoped in IAM (1-255 characters, no '*', '?' or control characters)");
    }
  }
  if (!t.github_repository.empty()) {
    static const std::regex k_repo("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");
    static const std::regex k_env("^[A-Za-z0-9_. -]{1,255}$");
    if (!std::regex_match(t.github_repository, k_repo)) {
      return bad("GitHub repository '" + t.github_repository + "' is not OWNER/REPO");
    }
    for (const auto& env : iam_parts::github_environments(t)) {
      if (!std::regex_match(env, k_env)) {
        return bad(
            "the GitHub environment is required with the repository (e.g. staging, "
            "or staging,staging-approval for the approval workflow)");
      }
    }
  }
  return {};
}

}  // namespace

void use_deployment_configuration(PolicyTarget& target,
                                  const services::DeploymentConfiguration& config) {
  for (const auto& hook : config.lifecycle_hooks) {
    target.pause_hooks = target.pause_hooks || hook.target_type == "PAUSE";
  }
  if (config.alarms_enable) {
    for (const auto& name : config.alarm_names) {
      iam_parts::add_unique(target.alarm_names, name);
    }
  }
}

std::optional<EcrImage> parse_ecr_image(std::string_view image) {
  static const std::regex k_re(
      R"(^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?/([a-z0-9._/-]+?)(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[0-9a-f]{64})?$)");
  std::smatch m;
  std::string s(image);
  if (!std::regex_match(s, m, k_re)) {
    return std::nullopt;
  }
  return EcrImage{m[1], m[2], m[3]};
}

util::Result<PolicySet> generate_policies(const Json& task_definition, const PolicyTarget& target) {
  if (auto status = check_target(target); !status) {
    return status.take_error();
  }
  const Json& td = task_definition.contains("taskDefinition") ? task_definition["taskDefinition"]
                                                              : task_definition;
  if (!td.is_object() || !td.contains("containerDefinitions") ||
      !td["containerDefinitions"].is_array() || td["containerDefinitions"].empty()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "the task definition has no containerDefinitions");
  }
  const Json* container = find_container(td["containerDefinitions"], target.container);
  if (container == nullptr) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "container '" + target.container + "' is not in the task definition");
  }
  std::string family = target.family.empty() ? str(td, "family") : target.family;
  if (!is_valid_resource_name(family)) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            "task definition family '" + family + "' is not a valid name");
  }
  ArnMaker arn(target);
  PolicySet set;
  set.roles.push_back(iam_parts::deploy_role(td, *container, family, target, arn, set.notes));
  set.roles.push_back(iam_parts::execution_role(td, family, target, arn, set.notes));
  set.roles.push_back(iam_parts::task_role(td, family, target, arn, set.notes));
  if (!str(td, "taskRoleArn").empty() && str(td, "taskRoleArn") == str(td, "executionRoleArn")) {
    set.notes.push_back("the task role and the execution role are the same role: separate them");
    set.next.push_back(Hint{NextStep::LintRoles});
  }
  if (target.github_repository.empty()) {
    set.next.push_back(Hint{NextStep::NameGithubRepo});
  }
  return set;
}

}  // namespace engine
