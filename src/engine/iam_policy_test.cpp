#include "engine/iam_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace engine {
namespace {

using Json = nlohmann::ordered_json;

const char* k_task_definition = R"({
  "taskDefinitionArn": "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:12",
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",
  "containerDefinitions": [
    {"name": "app", "essential": true,
     "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/team/web:3f9c2ab",
     "secrets": [
       {"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbC123:password::"},
       {"name": "API_TOKEN", "valueFrom": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:api-token"},
       {"name": "FEATURE", "valueFrom": "/web/feature-flags"},
       {"name": "OTHER", "valueFrom": "arn:aws:ssm:us-east-1:210987654321:parameter/shared/x"}
     ],
     "environmentFiles": [{"value": "arn:aws:s3:::cfg-bucket/web/.env", "type": "s3"}],
     "logConfiguration": {"logDriver": "awslogs", "options": {
       "awslogs-group": "/ecs/web", "awslogs-region": "ap-northeast-1",
       "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}}},
    {"name": "sidecar", "essential": false, "image": "public.ecr.aws/nginx/nginx:1.27",
     "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/sidecar"}}}
  ]
})";

PolicyTarget target() {
  PolicyTarget t;
  t.account = "123456789012";
  t.region = "ap-northeast-1";
  t.cluster = "stg";
  t.service = "web";
  t.container = "app";
  t.github_repository = "octo-org/octo-app";
  t.github_environment = "staging";
  return t;
}

PolicySet generate(const PolicyTarget& t = target(), const char* td = k_task_definition) {
  auto set = generate_policies(Json::parse(td), t);
  EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().message);
  return set.ok() ? *set : PolicySet{};
}

const RolePolicy& role(const PolicySet& set, const std::string& key) {
  auto it = std::find_if(set.roles.begin(), set.roles.end(),
                         [&](const RolePolicy& r) { return r.key == key; });
  EXPECT_NE(it, set.roles.end()) << key;
  return *it;
}

const PolicyStatement* statement_with(const PolicyDocument& doc, const std::string& action) {
  for (const auto& s : doc.statements) {
    if (std::find(s.actions.begin(), s.actions.end(), action) != s.actions.end()) {
      return &s;
    }
  }
  return nullptr;
}

using Resources = std::vector<std::string>;

// Every resource `action` is allowed on, over all statements, in statement order.
Resources resources_for(const PolicyDocument& doc, const std::string& action) {
  Resources out;
  for (const auto& s : doc.statements) {
    if (std::find(s.actions.begin(), s.actions.end(), action) != s.actions.end()) {
      out.insert(out.end(), s.resources.begin(), s.resources.end());
    }
  }
  return out;
}

TEST(IamPolicyTest, DeployRoleScopesEveryActionThatIamCanScope) {
  const auto set = generate();
  const auto& deploy = role(set, "deploy_role").permissions;
  const std::string svc = "arn:aws:ecs:ap-northeast-1:123456789012:service/stg/web";
  struct Row {
    std::string action;
    Resources resources;
  };
  const Row rows[] = {
      {"ecs:RegisterTaskDefinition", {"*"}},
      {"ecs:DescribeTaskDefinition", {"*"}},
      {"ecs:ListTaskDefinitions", {"*"}},
      {"ecs:DescribeClusters", {"arn:aws:ecs:ap-northeast-1:123456789012:cluster/stg"}},
      {"ecs:DescribeServices", {svc}},
      {"ecs:ListServiceDeployments", {svc}},
      {"ecs:UpdateService", {svc}},
      {"ecs:StopServiceDeployment",
       {"arn:aws:ecs:ap-northeast-1:123456789012:service-deployment/stg/web/*"}},
      {"ecs:DescribeServiceDeployments",
       {"arn:aws:ecs:ap-northeast-1:123456789012:service-deployment/stg/web/*"}},
      {"ecs:DescribeServiceRevisions",
       {"arn:aws:ecs:ap-northeast-1:123456789012:service-revision/stg/web/*"}},
      {"ecs:DescribeTasks", {"arn:aws:ecs:ap-northeast-1:123456789012:task/stg/*"}},
      {"ecs:ListTasks", {"*"}},
      {"ecs:TagResource", {"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:*", svc}},
      {"ecs:ListTagsForResource", {svc}},
      {"ecr:DescribeImages", {"arn:aws:ecr:ap-northeast-1:123456789012:repository/team/web"}},
      {"logs:GetLogEvents",
       {"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/web:log-stream:*"}},
      {"application-autoscaling:DescribeScalableTargets", {"*"}},
      {"iam:PassRole",
       {"arn:aws:iam::123456789012:role/web-task", "arn:aws:iam::123456789012:role/web-execution"}},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(resources_for(deploy, row.action), row.resources) << row.action;
  }
  // Nothing else: no action beyond the table (sts:GetCallerIdentity needs no permission;
  // ecs:ListServices only serves a hint when the service does not exist).
  std::set<std::string> actions;
  for (const auto& s : deploy.statements) {
    actions.insert(s.actions.begin(), s.actions.end());
  }
  EXPECT_EQ(actions.size(), std::size(rows));
}

services::LifecycleHook hook(const char* type) {
  services::LifecycleHook h;
  h.target_type = type;
  h.stages = {"POST_TEST_TRAFFIC_SHIFT"};
  return h;
}

TEST(IamPolicyTest, PauseHooksAndAlarmsAreGrantedOnlyToServicesThatUseThem) {
  const std::string deployments =
      "arn:aws:ecs:ap-northeast-1:123456789012:service-deployment/stg/web/*";
  const std::string alarm = "arn:aws:cloudwatch:ap-northeast-1:123456789012:alarm:";
  struct Row {
    const char* name;
    std::vector<services::LifecycleHook> hooks;
    bool alarms_enable;
    std::vector<std::string> alarm_names;
    Resources resume;  // ecs:ContinueServiceDeployment
    Resources alarms;  // cloudwatch:DescribeAlarms
  };
  const Row rows[] = {
      {"rolling", {}, false, {}, {}, {}},
      {"a Lambda hook is not resumed by the role", {hook("AWS_LAMBDA")}, false, {}, {}, {}},
      {"pause hook", {hook("AWS_LAMBDA"), hook("PAUSE")}, false, {}, {deployments}, {}},
      {"alarms configured but not monitored", {}, false, {"web-5xx"}, {}, {}},
      {"alarms, each once",
       {},
       true,
       {"web-5xx", "web-latency", "web-5xx"},
       {},
       {alarm + "web-5xx", alarm + "web-latency"}},
      {"both", {hook("PAUSE")}, true, {"web-5xx"}, {deployments}, {alarm + "web-5xx"}},
  };
  for (const auto& row : rows) {
    services::DeploymentConfiguration config;
    config.strategy = "BLUE_GREEN";
    config.lifecycle_hooks = row.hooks;
    config.alarms_enable = row.alarms_enable;
    config.alarm_names = row.alarm_names;
    PolicyTarget t = target();
    use_deployment_configuration(t, config);
    const auto set = generate(t);
    const auto& deploy = role(set, "deploy_role").permissions;
    EXPECT_EQ(resources_for(deploy, "ecs:ContinueServiceDeployment"), row.resume) << row.name;
    EXPECT_EQ(resources_for(deploy, "cloudwatch:DescribeAlarms"), row.alarms) << row.name;
    // Each in a statement of its own, so the role's reviewer sees why it is there.
    for (const char* action : {"ecs:ContinueServiceDeployment", "cloudwatch:DescribeAlarms"}) {
      if (const auto* s = statement_with(deploy, action)) {
        EXPECT_EQ(s->actions, std::vector<std::string>{action}) << row.name;
        EXPECT_TRUE(s->condition.is_null()) << row.name;
      }
    }
  }
}

TEST(IamPolicyTest, AlarmNamesThatIamWouldReadAsWildcardsAreRefused) {
  for (const std::string name : {"web-*", "web-5x?", "", "a\nb"}) {
    PolicyTarget t = target();
    t.alarm_names = {name};
    auto set = generate_policies(Json::parse(k_task_definition), t);
    ASSERT_FALSE(set.ok()) << name;
    EXPECT_EQ(set.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(set.error().message.find("alarm name"), std::string::npos);
  }
  PolicyTarget t = target();
  t.alarm_names = {"Web 5xx (p99) / prod"};  // spaces and slashes are plain characters
  EXPECT_TRUE(generate_policies(Json::parse(k_task_definition), t).ok());
}

TEST(IamPolicyTest, RevisionsAreTaggedOnlyWhileTheyAreRegistered) {
  const auto set = generate();
  const auto& deploy = role(set, "deploy_role").permissions;
  const auto* tag = statement_with(deploy, "ecs:TagResource");
  ASSERT_NE(tag, nullptr);
  EXPECT_EQ(tag->resources,
            Resources{"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:*"});
  EXPECT_EQ(tag->condition["StringEquals"]["ecs:CreateAction"], "RegisterTaskDefinition");
}

TEST(IamPolicyTest, ListCallsOnStarAreLimitedToTheCluster) {
  const auto set = generate();
  const auto* list = statement_with(role(set, "deploy_role").permissions, "ecs:ListTasks");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->condition["ArnEquals"]["ecs:cluster"],
            "arn:aws:ecs:ap-northeast-1:123456789012:cluster/stg");
}

TEST(IamPolicyTest, PassRoleOnlyToEcsTasks) {
  const auto set = generate();
  const auto* pass = statement_with(role(set, "deploy_role").permissions, "iam:PassRole");
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ(pass->condition["StringEquals"]["iam:PassedToService"], "ecs-tasks.amazonaws.com");
}

TEST(IamPolicyTest, NoPassRoleWhenTheTaskDefinitionHasNoRoles) {
  const auto set = generate(target(), R"({"family": "web", "containerDefinitions": [
      {"name": "app", "image": "nginx:1.27"}]})");
  EXPECT_EQ(statement_with(role(set, "deploy_role").permissions, "iam:PassRole"), nullptr);
  EXPECT_EQ(statement_with(role(set, "deploy_role").permissions, "ecr:DescribeImages"), nullptr);
  EXPECT_TRUE(role(set, "execution_role").permissions.statements.empty());
  EXPECT_FALSE(set.notes.empty());
}

TEST(IamPolicyTest, GitHubTrustIsRestrictedToRepositoryAndEnvironment) {
  const auto set = generate();
  const auto& trust = role(set, "deploy_role").trust;
  ASSERT_EQ(trust.statements.size(), 1u);
  const auto& s = trust.statements[0];
  EXPECT_EQ(s.actions, std::vector<std::string>{"sts:AssumeRoleWithWebIdentity"});
  EXPECT_EQ(s.principal["Federated"],
            "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com");
  const auto& eq = s.condition["StringEquals"];
  EXPECT_EQ(eq["token.actions.githubusercontent.com:aud"], "sts.amazonaws.com");
  EXPECT_EQ(eq["token.actions.githubusercontent.com:sub"],
            "repo:octo-org/octo-app:environment:staging");
}

TEST(IamPolicyTest, TheApprovalEnvironmentAssumesTheSameRole) {
  PolicyTarget t = target();
  t.github_environment = "production, production-approval";
  const auto set = generate(t);
  const auto& eq = role(set, "deploy_role").trust.statements.at(0).condition["StringEquals"];
  EXPECT_EQ(eq["token.actions.githubusercontent.com:sub"],
            Json::array({"repo:octo-org/octo-app:environment:production",
                         "repo:octo-org/octo-app:environment:production-approval"}));
  t.github_environment = "production,";
  EXPECT_FALSE(generate_policies(Json::parse(k_task_definition), t).ok());
}

TEST(IamPolicyTest, APausingServiceTrustedFromOneEnvironmentGetsANote) {
  auto has_note = [](const PolicySet& set) {
    return std::any_of(set.notes.begin(), set.notes.end(), [](const std::string& n) {
      return n.find("staging-approval") != std::string::npos;
    });
  };
  PolicyTarget t = target();
  EXPECT_FALSE(has_note(generate(t)));
  t.pause_hooks = true;
  EXPECT_TRUE(has_note(generate(t)));
  t.github_environment = "staging,staging-approval";
  EXPECT_FALSE(has_note(generate(t)));
}

TEST(IamPolicyTest, NoTrustPolicyWithoutRepository) {
  auto t = target();
  t.github_repository.clear();
  const auto set = generate(t);
  EXPECT_TRUE(role(set, "deploy_role").trust.statements.empty());
}

TEST(IamPolicyTest, ExecutionRoleReadsOnlyReferencedSecrets) {
  const auto set = generate();
  const auto& exec = role(set, "execution_role");
  EXPECT_EQ(exec.role_name, "web-execution");
  struct Row {
    std::string action;
    Resources resources;
  };
  const Row rows[] = {
      {"ecr:GetAuthorizationToken", {"*"}},
      {"ecr:BatchGetImage", {"arn:aws:ecr:ap-northeast-1:123456789012:repository/team/web"}},
      // The Service Authorization Reference authorizes CreateLogStream on the log-group
      // resource type and PutLogEvents on log-stream; "log-group:NAME:*" is the group's ARN as
      // IAM matches it (AWS's own examples grant CreateLogStream there).
      {"logs:CreateLogStream",
       {"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/web:*",
        "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/sidecar:*"}},
      {"logs:PutLogEvents",
       {"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/web:log-stream:*",
        "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/sidecar:log-stream:*"}},
      {"logs:CreateLogGroup", {"arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/web:*"}},
      // Full ARN keeps its suffix (JSON key / stage fields dropped); a partial one gets ??????.
      {"secretsmanager:GetSecretValue",
       {"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbC123",
        "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:api-token-??????"}},
      {"ssm:GetParameters",
       {"arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/feature-flags",
        "arn:aws:ssm:us-east-1:210987654321:parameter/shared/x"}},
      {"s3:GetObject", {"arn:aws:s3:::cfg-bucket/web/.env"}},
      {"s3:GetBucketLocation", {"arn:aws:s3:::cfg-bucket"}},
  };
  for (const auto& row : rows) {
    const auto* s = statement_with(exec.permissions, row.action);
    ASSERT_NE(s, nullptr) << row.action;
    EXPECT_EQ(resources_for(exec.permissions, row.action), row.resources) << row.action;
  }
  EXPECT_EQ(exec.trust.statements.at(0).principal["Service"], "ecs-tasks.amazonaws.com");
  EXPECT_TRUE(std::any_of(set.notes.begin(), set.notes.end(),
                          [](const std::string& n) { return n.find("kms:Decrypt") != n.npos; }));
}

TEST(IamPolicyTest, TaskRoleIsASkeletonOnItsOwnConfiguration) {
  const auto set = generate();
  const auto& task = role(set, "task_role");
  EXPECT_EQ(task.role_name, "web-task");
  ASSERT_EQ(task.permissions.statements.size(), 1u);
  EXPECT_EQ(task.permissions.statements[0].resources,
            Resources{"arn:aws:ssm:ap-northeast-1:123456789012:parameter/web/*"});
}

TEST(IamPolicyTest, RejectsBadTargets) {
  struct Row {
    std::string field;
    std::string value;
    std::string message;
  };
  const Row rows[] = {
      {"account", "12345", "12-digit"},
      {"region", "tokyo", "region"},
      {"cluster", "a b", "ECS names"},
      {"container", "nope", "'nope' is not in the task definition"},
      {"repo", "octo-org", "OWNER/REPO"},
      {"env", "", "environment is required"},
  };
  for (const auto& row : rows) {
    auto t = target();
    if (row.field == "account") {
      t.account = row.value;
    }
    if (row.field == "region") {
      t.region = row.value;
    }
    if (row.field == "cluster") {
      t.cluster = row.value;
    }
    if (row.field == "container") {
      t.container = row.value;
    }
    if (row.field == "repo") {
      t.github_repository = row.value;
    }
    if (row.field == "env") {
      t.github_environment = row.value;
    }
    auto set = generate_policies(Json::parse(k_task_definition), t);
    ASSERT_FALSE(set.ok()) << row.field;
    EXPECT_EQ(set.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(set.error().message.find(row.message), std::string::npos) << set.error().message;
  }
  EXPECT_FALSE(generate_policies(Json::parse(R"({"family": "x"})"), target()).ok());
}

TEST(IamPolicyTest, AcceptsTheDescribeTaskDefinitionEnvelope) {
  Json wrapped = {{"taskDefinition", Json::parse(k_task_definition)}, {"tags", Json::array()}};
  auto set = generate_policies(wrapped, target());
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(role(*set, "task_role").role_name, "web-task");
}

TEST(IamPolicyTest, PolicyJsonIsWhatIamAccepts) {
  const auto set = generate();
  const Json doc = policy_json(role(set, "deploy_role").permissions);
  EXPECT_EQ(doc["Version"], "2012-10-17");
  for (const auto& s : doc["Statement"]) {
    EXPECT_EQ(s["Effect"], "Allow");
    EXPECT_TRUE(s.contains("Resource"));
    EXPECT_FALSE(s.contains("Principal"));
  }
  const Json trust = policy_json(role(set, "deploy_role").trust);
  EXPECT_FALSE(trust["Statement"][0].contains("Resource"));
}

TEST(IamPolicyTest, RendersThreeFormats) {
  const auto set = generate();
  const Json json = Json::parse(render_policies(set, PolicyFormat::Json));
  EXPECT_EQ(json["deploy_role"]["role_name"], "gha-ecs-deploy-web");
  EXPECT_EQ(json["execution_role"]["policy"]["Version"], "2012-10-17");
  EXPECT_TRUE(json["notes"].is_array());

  const Json cfn = Json::parse(render_policies(set, PolicyFormat::CloudFormation));
  EXPECT_EQ(cfn["Resources"]["DeployRole"]["Type"], "AWS::IAM::Role");
  EXPECT_EQ(cfn["Resources"]["ExecutionRole"]["Properties"]["RoleName"], "web-execution");
  EXPECT_EQ(cfn["Outputs"]["TaskRoleArn"]["Value"]["Fn::GetAtt"][0], "TaskRole");

  const std::string tf = render_policies(set, PolicyFormat::Terraform);
  EXPECT_NE(tf.find("resource \"aws_iam_role\" \"deploy_role\" {"), std::string::npos);
  EXPECT_NE(tf.find("role   = aws_iam_role.deploy_role.id"), std::string::npos);
  EXPECT_NE(tf.find("\"token.actions.githubusercontent.com:sub\" = "
                    "\"repo:octo-org/octo-app:environment:staging\""),
            std::string::npos);
  EXPECT_NE(tf.find("Version = \"2012-10-17\""), std::string::npos);
}

TEST(IamPolicyTest, TerraformEscapesTemplateSequences) {
  PolicySet set;
  RolePolicy r;
  r.key = "task_role";
  r.role_name = "x";
  r.permissions.statements.push_back(
      {"S", {"s3:GetObject"}, {"arn:aws:s3:::b/${aws:username}/%{x}"}, nullptr, nullptr});
  set.roles.push_back(r);
  const std::string tf = render_policies(set, PolicyFormat::Terraform);
  EXPECT_NE(tf.find("\"arn:aws:s3:::b/$${aws:username}/%%{x}\""), std::string::npos) << tf;
  EXPECT_NE(tf.find("role   = \"x\""), std::string::npos);
}

TEST(IamPolicyTest, ParsesFormats) {
  EXPECT_EQ(parse_policy_format("json"), PolicyFormat::Json);
  EXPECT_EQ(parse_policy_format("terraform"), PolicyFormat::Terraform);
  EXPECT_EQ(parse_policy_format("cloudformation"), PolicyFormat::CloudFormation);
  EXPECT_EQ(parse_policy_format("yaml"), std::nullopt);
}

TEST(IamPolicyTest, ParsesEcrImages) {
  struct Row {
    std::string image;
    bool ecr;
    std::string repository;
    std::string region;
  };
  const Row rows[] = {
      {"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:3f9c2ab", true, "web",
       "ap-northeast-1"},
      {"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web", true, "team/web", "us-east-1"},
      {"123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:" + std::string(64, 'a'), true,
       "web", "us-east-1"},
      {"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1", true, "web", "cn-north-1"},
      {"nginx:1.27", false, "", ""},
      {"public.ecr.aws/nginx/nginx:1.27", false, "", ""},
      {"ghcr.io/octo/app:1", false, "", ""},
  };
  for (const auto& row : rows) {
    auto ref = parse_ecr_image(row.image);
    ASSERT_EQ(ref.has_value(), row.ecr) << row.image;
    if (ref) {
      EXPECT_EQ(ref->repository, row.repository);
      EXPECT_EQ(ref->region, row.region);
      EXPECT_EQ(ref->account, "123456789012");
    }
  }
}

}  // namespace
}  // namespace engine
