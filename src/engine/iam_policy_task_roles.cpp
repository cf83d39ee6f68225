// The two roles ECS tasks assume: the execution role (ECS itself pulls the images, writes the
// logs and reads the secrets the task definition references) and the task role (the
// application's own permissions, a skeleton).
#include "engine/iam_policy_parts.h"

#include <algorithm>
#include <cctype>

namespace engine::iam_parts {

namespace {

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

}  // namespace

RolePolicy execution_role(const Json& td, const std::string& family, const PolicyTarget& t,
                          const ArnMaker& arn, std::vector<std::string>& notes) {
  RolePolicy r;
  r.key = "execution_role";
  r.role_name = role_name_of(str(td, "executionRoleArn"), (family + "-execution").substr(0, 64));
  r.description = "Used by ECS to start " + family +
                  " tasks: pull its images, write its logs, read the secrets it references";
  r.trust = ecs_tasks_trust(t, arn);

  std::vector<std::string> repos;
  std::vector<std::string> groups;   // logs:CreateLogStream: the log-group resource type
  std::vector<std::string> streams;  // logs:PutLogEvents: the log-stream resource type
  std::vector<std::string> groups_to_create;
  std::vector<std::string> objects;
  std::vector<std::string> buckets;
  SecretRefs refs;
  for (const auto& c : td["containerDefinitions"]) {
    if (auto ecr = parse_ecr_image(str(c, "image"))) {
      add_unique(repos, arn("ecr", "repository/" + ecr->repository, ecr->region, ecr->account));
    }
    if (auto g = awslogs_group(c)) {
      // "log-group:NAME:*" is how IAM matches the group (the awslogs driver's CreateLogStream
      // is denied on "log-group:NAME:log-stream:*", and tasks stop with
      // ResourceInitializationError: failed to validate logger args).
      const std::string group = arn("logs", "log-group:" + g->name + ":*", g->region);
      add_unique(groups, group);
      add_unique(streams, arn("logs", "log-group:" + g->name + ":log-stream:*", g->region));
      if (g->create) {
        add_unique(groups_to_create, group);
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
  if (!groups.empty()) {
    st.push_back({"CreateThisTasksLogStreams", {"logs:CreateLogStream"}, groups, nullptr, nullptr});
    st.push_back({"WriteThisTasksLogs", {"logs:PutLogEvents"}, streams, nullptr, nullptr});
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

}  // namespace engine::iam_parts
