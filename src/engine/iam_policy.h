#pragma once
// Least-privilege IAM policies for the three roles the seed separates (contributing.md, S12):
// the CI deploy role (assumed by GitHub through OIDC), the task execution role (pull, logs,
// secrets) and the task role (the application's own runtime access, a skeleton). Pure: the
// task definition (raw JSON, as DescribeTaskDefinition returns it) and the names go in,
// policy documents come out; rendering as JSON, Terraform or CloudFormation is separate.

#include <optional>
#include <string>

#include <string_view>
#include <vector>
#include "engine/next_step.h"

#include <nlohmann/json.hpp>

#include "services/ecs_types.h"
#include "util/result.h"

namespace engine {

struct PolicyTarget {
  std::string account;  // 12 digits
  std::string region;
  std::string partition = "aws";
  std::string cluster;
  std::string service;
  std::string family;     // empty: the task definition's family
  std::string container;  // the container ecsdeploy deploys; empty: the first essential one
  // GitHub OIDC trust policy; empty repository: no trust policy is generated.
  std::string github_repository;  // OWNER/REPO
  // The environment the deploy job runs in; comma-separated for several (the approval
  // workflow's approval job runs in ENV-approval with the same role).
  std::string github_environment;
  // From the service's deployment configuration (use_deployment_configuration): a PAUSE
  // lifecycle hook is approved or rejected with ecs:ContinueServiceDeployment; the watch reads
  // the deployment's CloudWatch alarms by name. Neither is granted to a service without them.
  bool pause_hooks = false;
  std::vector<std::string> alarm_names;
};

// Sets pause_hooks and alarm_names from what the service is configured with (alarms only
// when their monitoring is enabled); keeps names already given, once each.
void use_deployment_configuration(PolicyTarget& target,
                                  const services::DeploymentConfiguration& config);

struct PolicyStatement {
  std::string sid;
  std::vector<std::string> actions;
  std::vector<std::string> resources;  // empty with `principal` set: a trust statement
  nlohmann::ordered_json principal;    // trust policies only
  nlohmann::ordered_json condition;    // null when none
};

struct PolicyDocument {
  std::vector<PolicyStatement> statements;
};

struct RolePolicy {
  std::string key;        // "deploy_role", "execution_role", "task_role"
  std::string role_name;  // from the task definition's role ARN, or a suggested name
  std::string description;
  PolicyDocument trust;  // who may assume the role
  PolicyDocument permissions;
};

struct PolicySet {
  std::vector<RolePolicy> roles;   // deploy, execution, task: always in this order
  std::vector<std::string> notes;  // what a person must still decide (KMS keys, non-ECR images)
  Hints next;  // the commands and options that help with the notes; the CLI words them
};

// Errors (InvalidInput): missing/invalid account, region, cluster, service; an alarm name IAM
// would read as a wildcard; a task definition without containerDefinitions; a --container
// that is not in it.
util::Result<PolicySet> generate_policies(const nlohmann::ordered_json& task_definition,
                                          const PolicyTarget& target);

// {"Version": "2012-10-17", "Statement": [...]} exactly as IAM accepts it.
nlohmann::ordered_json policy_json(const PolicyDocument& document);

enum class PolicyFormat { Json, Terraform, CloudFormation };
std::optional<PolicyFormat> parse_policy_format(std::string_view text);
std::string render_policies(const PolicySet& set, PolicyFormat format);

// An image in ECR: ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]/REPO[:TAG|@DIGEST].
struct EcrImage {
  std::string account;
  std::string region;
  std::string repository;
};
std::optional<EcrImage> parse_ecr_image(std::string_view image);

}  // namespace engine
