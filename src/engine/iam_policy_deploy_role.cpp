// The CI deploy role's policy: one statement per purpose, each action scoped as narrowly as IAM
// allows. tests/workflows/test_iam_policy_coverage.py proves every action is needed (or
// advisory, with the warning that names it) by removing each in turn under ecs-emulator.
#include "engine/iam_policy_parts.h"

namespace engine::iam_parts {

namespace {

constexpr std::string_view k_github_oidc = "token.actions.githubusercontent.com";

}  // namespace

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
  const std::string deployments_arn =
      arn("ecs", "service-deployment/" + t.cluster + "/" + t.service + "/*");
  st.push_back({"ThisServiceDeployments",
                {"ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment"},
                {deployments_arn},
                nullptr,
                nullptr});
  // A PAUSE lifecycle hook waits for ContinueServiceDeployment: `continue` approves or rejects
  // the paused deployment, `rollback` of a paused one rejects it. Only for services with one.
  if (t.pause_hooks) {
    st.push_back({"ResumeThisServicePausedDeployments",
                  {"ecs:ContinueServiceDeployment"},
                  {deployments_arn},
                  nullptr,
                  nullptr});
  }
  // The watch shows the state of the alarms that can roll this service's deployment back.
  if (!t.alarm_names.empty()) {
    std::vector<std::string> alarms;
    for (const auto& name : t.alarm_names) {
      add_unique(alarms, arn("cloudwatch", "alarm:" + name));
    }
    st.push_back(
        {"ReadThisServiceAlarms", {"cloudwatch:DescribeAlarms"}, alarms, nullptr, nullptr});
  }
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
    // One subject per environment: the approval job assumes the role from its own one.
    Json subjects = Json::array();
    for (const auto& env : github_environments(t)) {
      subjects.push_back("repo:" + t.github_repository + ":environment:" + env);
    }
    s.condition = Json{{"StringEquals",
                        {{host + ":aud", "sts.amazonaws.com"},
                         {host + ":sub", subjects.size() == 1 ? subjects[0] : subjects}}}};
    r.trust.statements.push_back(s);
    if (t.pause_hooks && subjects.size() == 1) {
      notes.push_back(
          "the service pauses at a PAUSE hook: if the approval workflow resumes it, "
          "also trust its approval environment (" +
          github_environments(t).front() + "-approval)");
    }
  } else {
    notes.push_back("no GitHub repository given: the deploy role has no trust policy");
  }
  return r;
}

}  // namespace engine::iam_parts
