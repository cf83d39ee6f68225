#include "engine/iam_policy.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "engine/names.h"

namespace engine {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view k_ecs_tasks = "ecs-tasks.amazonaws.com";
constexpr std::string_view k_github_oidc = "token.actions.githubusercontent.com";

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool valid_region(std::string_view r) {
  static const std::regex k_re("^[a-z]{2}(-[a-z]+)+-[0-9]$");
  return std::regex_match(std::string(r), k_re);
}

// Appends `value` unless it is already there: statements list each resource once, in the
// order the task definition mentions them.
void add_unique(std::vector<std::string>& list, std::string value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(std::move(value));
  }
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class ArnMaker {
 public:
  explicit ArnMaker(const PolicyTarget& t) : m_t(t) {}
  std::string operator()(std::string_view service, std::string_view resource,
                         std::string_view region = {}, std::string_view account = {}) const {
    return "arn:" + m_t.partition + ":" + std::string(service) + ":" +
           std::string(region.empty() ? m_t.region : region) + ":" +
           std::string(account.empty() ? m_t.account : account) + ":" + std::string(resource);
  }
  std::string global(std::string_view service, std::string_view resource) const {
    return "arn:" + m_t.partition + ":" + std::string(service) + "::" + m_t.account + ":" +
           std::string(resource);
  }

 private:
  const PolicyTarget& m_t;
};

// The trust policy of a role that ECS tasks assume, with the confused-deputy guard.
PolicyDocument ecs_tasks_trust(const PolicyTarget& t, const ArnMaker& arn) {
  PolicyStatement s;
  s.sid = "EcsTasksAssume";
  s.actions = {"sts:AssumeRole"};
  s.principal = Json{{"Service", k_ecs_tasks}};
  s.condition = Json{{"ArnLike", {{"aws:SourceArn", arn("ecs", "*")}}},
                     {"StringEquals", {{"aws:SourceAccount", t.account}}}};
  return PolicyDocument{{s}};
}

std::string role_name_of(const std::string& role_arn, std::string fallback) {
  auto slash = role_arn.rfind('/');
  if (role_arn.empty() || slash == std::string::npos) {
    return fallback;
  }
  return role_arn.substr(slash + 1);
}

// The 7-field secret ARN, with "-??????" for a partial ARN (Secrets Manager appends six
// random characters to every secret name; IAM needs them matched).
std::string secret_resource(const std::string& value_from) {
  std::size_t start = 0;
  for (int i = 0; i < 6; ++i) {
    auto colon = value_from.find(':', start);
    if (colon == std::string::npos) {
      return value_from;
    }
    start = colon + 1;
  }
  auto end = value_from.find(':', start);
  std::string base = value_from.substr(0, end);
  std::string name = value_from.substr(start, end == std::string::npos ? end : end - start);
  auto dash = name.rfind('-');
  bool has_suffix = dash != std::string::npos && name.size() - dash - 1 == 6 &&
                    std::all_of(name.begin() + static_cast<long>(dash) + 1, name.end(),
                                [](unsigned char c) { return std::isalnum(c) != 0; });
  return has_suffix ? base : base + "-??????";
}

struct SecretRefs {
  std::vector<std::string> secrets;     // Secrets Manager ARNs
  std::vector<std::string> parameters;  // SSM parameter ARNs
};

void add_secret_ref(const std::string& value_from, const ArnMaker& arn, SecretRefs& refs) {
  if (value_from.rfind("arn:", 0) == 0) {
    if (value_from.find(":secretsmanager:") != std::string::npos) {
      add_unique(refs.secrets, secret_resource(value_from));
    } else {
      add_unique(refs.parameters, value_from);
    }
    return;
  }
  // A bare name is an SSM parameter in the task's own region and account.
  std::string name = value_from.rfind('/', 0) == 0 ? value_from.substr(1) : value_from;
  add_unique(refs.parameters, arn("ssm", "parameter/" + name));
}

struct LogGroup {
  std::string name;
  std::string region;
  bool create = false;
};

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

const Json* find_container(const Json& containers, const std::string& name) {
  for (const auto& c : containers) {
    if (name.empty() ? c.value("essential", true) : str(c, "name") == name) {
      return &c;
    }
  }
  return nullptr;
}

util::Status check_target(const PolicyTarget& t) {
  auto bad = [](std::string m) { return util::make_error(util::ErrorKind::InvalidInput, m); };
  if (t.account.size() != 12 || !all_digits(t.account)) {
    return bad("account '" + t.account + "' is not a 12-digit AWS account id");
  }
  if (!valid_region(t.region)) {
    return bad("region '" + t.region + "' is not an AWS region name (e.g. ap-northeast-1)");
  }
  if (!is_valid_resource_name(t.cluster) || !is_valid_resource_name(t.service)) {
    return bad("cluster and service must be ECS names (letters, digits, '-', '_')");
  }
  if (!t.github_repository.empty()) {
    static const std::regex k_repo("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");
    static const std::regex k_env("^[A-Za-z0-9_. -]{1,255}$");
    if (!std::regex_match(t.github_repository, k_repo)) {
      return bad("GitHub repository '" + t.github_repository + "' is not OWNER/REPO");
    }
    if (!std::regex_match(t.github_environment, k_env)) {
      return bad("the GitHub environment is required with the repository (e.g. staging)");
    }
  }
  return {};
}

RolePolicy deploy_role(const Json& td, const Json& container, const std::string& family,
                       const PolicyTarget& t, const ArnMaker& arn,
                       std::vector<std::string>& notes) {
  const std::string cluster_arn = arn("ecs", "cluster/" + t.cluster);
  const std::string service_arn = arn("ecs", "service/" + t.cluster + "/" + t.service);
  const std::string family_arn = arn("ecs", "task-definition/" + family + ":*");
  const Json in_cluster = {{"ArnEquals", {{"ecs:cluster", cluster_arn}}}};

  RolePolicy r;
  r.key = "deploy_role";
  r.role_name = ("gha-ecs-deploy-" + t.service).substr(0, 64);
  r.description = "Assumed by the GitHub deploy and scale workflows: registers revisions of " +
                  family + " and updates " + t.cluster + "/" + t.service + " only";
  auto& st = r.permissions.statements;
  // These three have no resource-level permissions in IAM: "*" is the narrowest possible.
  st.push_back(
      {"RegisterAndReadTaskDefinitions",
       {"ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions"},
       {"*"},
       nullptr,
       nullptr});
  // Deploy registers each revision with its metadata tags; with tags, ECS also authorizes
  // ecs:TagResource on the new revision (tag-on-create). The condition keeps this statement
  // from retagging existing revisions.
  st.push_back({"TagNewRevisionsOnRegister",
                {"ecs:TagResource"},
                {family_arn},
                nullptr,
                Json{{"StringEquals", {{"ecs:CreateAction", "RegisterTaskDefinition"}}}}});
  st.push_back({"DescribeCluster", {"ecs:DescribeClusters"}, {cluster_arn}, nullptr, nullptr});
  // Stopped-task evidence when a rollout fails. (ListServices is left out: preflight calls it
  // only to list the cluster's services when the named one does not exist.)
  st.push_back({"ListTasksInThisCluster", {"ecs:ListTasks"}, {"*"}, nullptr, in_cluster});
  st.push_back({"DescribeTasksInThisCluster",
                {"ecs:DescribeTasks"},
                {arn("ecs", "task/" + t.cluster + "/*")},
                nullptr,
                in_cluster});
  st.push_back({"ReadThisService",
                {"ecs:DescribeServices", "ecs:ListServiceDeployments"},
                {service_arn},
                nullptr,
                nullptr});
  st.push_back({"UpdateThisService", {"ecs:UpdateService"}, {service_arn}, nullptr, nullptr});
  // scale remembers the previous count in a service tag before changing it; restore reads it.
  st.push_back({"RememberScaleOnThisService",
                {"ecs:TagResource", "ecs:ListTagsForResource"},
                {service_arn},
                nullptr,
                nullptr});
  st.push_back({"ThisServiceDeployments",
                {"ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"},
                {arn("ecs", "service-deployment/" + t.cluster + "/" + t.service + "/*")},
                nullptr,
                nullptr});
  // Which revision each past deployment ran: rollback's choice of target, status, history.
  st.push_back({"ThisServiceRevisions",
                {"ecs:DescribeServiceRevisions"},
                {arn("ecs", "service-revision/" + t.cluster + "/" + t.service + "/*")},
                nullptr,
                nullptr});

  const std::string image = str(container, "image");
  if (auto ecr = parse_ecr_image(image)) {
    st.push_back({"CheckImageTagExists",
                  {"ecr:DescribeImages"},
                  {arn("ecr", "repository/" + ecr->repository, ecr->region, ecr->account)},
                  nullptr,
                  nullptr});
  } else {
    notes.push_back("container '" + str(container, "name") + "' image '" + image +
                    "' is not in ECR: no ecr:DescribeImages statement (the tag check is skipped)");
  }
  if (auto group = awslogs_group(container)) {
    st.push_back({"ReadStoppedTaskLogs",
                  {"logs:GetLogEvents"},
                  {arn("logs", "log-group:" + group->name + ":log-stream:*", group->region)},
                  nullptr,
                  nullptr});
  }
  // scale warns when an Application Auto Scaling target would undo the new count. Describe*
  // has no resource-level permissions in IAM.
  st.push_back({"CheckAutoScalingBounds",
                {"application-autoscaling:DescribeScalableTargets"},
                {"*"},
                nullptr,
                nullptr});
  // sts:GetCallerIdentity needs no permission: AWS answers it even under an explicit deny.

  std::vector<std::string> roles;
  for (const char* key : {"taskRoleArn", "executionRoleArn"}) {
    if (!str(td, key).empty()) {
      add_unique(roles, str(td, key));
    }
  }
  if (!roles.empty()) {
    st.push_back({"PassOnlyThisTasksRoles",
                  {"iam:PassRole"},
                  roles,
                  nullptr,
                  Json{{"StringEquals", {{"iam:PassedToService", k_ecs_tasks}}}}});
  }

  if (!t.github_repository.empty()) {
    const std::string host(k_github_oidc);
    PolicyStatement s;
    s.sid = "GitHubOidcThisRepoAndEnvironment";
    s.actions = {"sts:AssumeRoleWithWebIdentity"};
    s.principal = Json{{"Federated", arn.global("iam", "oidc-provider/" + host)}};
    s.condition = Json{{"StringEquals",
                        {{host + ":aud", "sts.amazonaws.com"},
                         {host + ":sub", "repo:" + t.github_repository +
                                             ":environment:" + t.github_environment}}}};
    r.trust.statements.push_back(s);
  } else {
    notes.push_back(
        "no GitHub repository given: the deploy role has no trust policy "
        "(pass --github-repo OWNER/REPO --github-environment ENV)");
  }
  return r;
}

RolePolicy execution_role(const Json& td, const std::string& family, const PolicyTarget& t,
                          const ArnMaker& arn, std::vector<std::string>& notes) {
  RolePolicy r;
  r.key = "execution_role";
  r.role_name = role_name_of(str(td, "executionRoleArn"), (family + "-execution").substr(0, 64));
  r.description = "Used by ECS to start " + family +
                  " tasks: pull its images, write its logs, read the secrets it references";
  r.trust = ecs_tasks_trust(t, arn);

  std::vector<std::string> repos;
  std::vector<std::string> streams;
  std::vector<std::string> groups_to_create;
  std::vector<std::string> objects;
  std::vector<std::string> buckets;
  SecretRefs refs;
  for (const auto& c : td["containerDefinitions"]) {
    if (auto ecr = parse_ecr_image(str(c, "image"))) {
      add_unique(repos, arn("ecr", "repository/" + ecr->repository, ecr->region, ecr->account));
    }
    if (auto g = awslogs_group(c)) {
      add_unique(streams, arn("logs", "log-group:" + g->name + ":log-stream:*", g->region));
      if (g->create) {
        add_unique(groups_to_create, arn("logs", "log-group:" + g->name + ":*", g->region));
      }
    }
    if (c.contains("secrets") && c["secrets"].is_array()) {
      for (const auto& s : c["secrets"]) {
        add_secret_ref(str(s, "valueFrom"), arn, refs);
      }
    }
    if (c.contains("logConfiguration") && c["logConfiguration"].contains("secretOptions")) {
      for (const auto& s : c["logConfiguration"]["secretOptions"]) {
        add_secret_ref(str(s, "valueFrom"), arn, refs);
      }
    }
    if (c.contains("repositoryCredentials")) {
      add_secret_ref(str(c["repositoryCredentials"], "credentialsParameter"), arn, refs);
    }
    if (c.contains("environmentFiles") && c["environmentFiles"].is_array()) {
      for (const auto& f : c["environmentFiles"]) {
        std::string object = str(f, "value");
        auto slash = object.find('/');
        if (object.rfind("arn:", 0) == 0 && slash != std::string::npos) {
          add_unique(objects, object);
          add_unique(buckets, object.substr(0, slash));
        }
      }
    }
  }
  auto& st = r.permissions.statements;
  if (!repos.empty()) {
    st.push_back({"EcrLogin", {"ecr:GetAuthorizationToken"}, {"*"}, nullptr, nullptr});
    st.push_back(
        {"PullThisTasksImages",
         {"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"},
         repos,
         nullptr,
         nullptr});
  }
  if (!streams.empty()) {
    st.push_back({"WriteThisTasksLogs",
                  {"logs:CreateLogStream", "logs:PutLogEvents"},
                  streams,
                  nullptr,
                  nullptr});
  }
  if (!groups_to_create.empty()) {
    st.push_back(
        {"CreateThisTasksLogGroups", {"logs:CreateLogGroup"}, groups_to_create, nullptr, nullptr});
  }
  if (!refs.secrets.empty()) {
    st.push_back({"ReadReferencedSecrets",
                  {"secretsmanager:GetSecretValue"},
                  refs.secrets,
                  nullptr,
                  nullptr});
  }
  if (!refs.parameters.empty()) {
    st.push_back(
        {"ReadReferencedParameters", {"ssm:GetParameters"}, refs.parameters, nullptr, nullptr});
  }
  if (!refs.secrets.empty() || !refs.parameters.empty()) {
    notes.push_back(
        "secrets encrypted with a customer managed KMS key also need kms:Decrypt on "
        "that key for the execution role (the default aws/secretsmanager and aws/ssm "
        "keys need nothing)");
  }
  if (!objects.empty()) {
    st.push_back({"ReadEnvironmentFiles", {"s3:GetObject"}, objects, nullptr, nullptr});
    st.push_back(
        {"LocateEnvironmentFileBuckets", {"s3:GetBucketLocation"}, buckets, nullptr, nullptr});
  }
  if (st.empty()) {
    notes.push_back(
        "the task definition needs no execution role permissions (no ECR image, "
        "awslogs or secrets)");
  } else if (str(td, "executionRoleArn").empty()) {
    notes.push_back(
        "the task definition has no executionRoleArn but pulls from ECR, uses "
        "awslogs or secrets: create '" +
        r.role_name + "' and set it");
  }
  return r;
}

RolePolicy task_role(const Json& td, const std::string& family, const PolicyTarget& t,
                     const ArnMaker& arn, std::vector<std::string>& notes) {
  RolePolicy r;
  r.key = "task_role";
  r.role_name = role_name_of(str(td, "taskRoleArn"), (family + "-task").substr(0, 64));
  r.description =
      "The application's own runtime permissions (a skeleton: configuration "
      "under /" +
      family + "/ in Parameter Store)";
  r.trust = ecs_tasks_trust(t, arn);
  r.permissions.statements.push_back(
      {"ReadOwnConfiguration",
       {"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"},
       {arn("ssm", "parameter/" + family + "/*")},
       nullptr,
       nullptr});
  notes.push_back(
      "the task role is a skeleton: replace its statement with what the "
      "application itself calls; never reuse the execution or deploy role");
  return r;
}

}  // namespace

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
  set.roles.push_back(deploy_role(td, *container, family, target, arn, set.notes));
  set.roles.push_back(execution_role(td, family, target, arn, set.notes));
  set.roles.push_back(task_role(td, family, target, arn, set.notes));
  if (!str(td, "taskRoleArn").empty() && str(td, "taskRoleArn") == str(td, "executionRoleArn")) {
    set.notes.push_back(
        "the task role and the execution role are the same role: separate them "
        "(see `ecsdeploy lint`)");
  }
  return set;
}

}  // namespace engine
