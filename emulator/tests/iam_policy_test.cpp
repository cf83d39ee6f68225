#include "core/iam_policy.h"

#include <gtest/gtest.h>

#include "tests/harness.h"

namespace emulator {
namespace {

TEST(IamPolicy, WildcardsMatchAsIamDoes) {
  struct Row {
    const char* pattern;
    const char* value;
    bool ignore_case;
    bool expected;
  } rows[] = {
      {"*", "anything", false, true},
      {"ecs:*", "ecs:UpdateService", true, true},
      {"ecs:update*", "ecs:UpdateService", true, true},
      {"ecs:update*", "ecs:UpdateService", false, false},
      {"ecs:Describe?ervices", "ecs:DescribeServices", true, true},
      {"ecs:Describe?", "ecs:DescribeServices", true, false},
      {"arn:aws:ecs:*:1:service/demo/*", "arn:aws:ecs:us-east-1:1:service/demo/web", false, true},
      {"arn:aws:ecs:*:1:service/demo/*", "arn:aws:ecs:us-east-1:1:service/other/web", false, false},
      {"a*b*c", "aXXbYYc", false, true},
      {"a*b*c", "aXXbYY", false, false},
      {"", "", false, true},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(wildcard_match(r.pattern, r.value, r.ignore_case), r.expected)
        << r.pattern << " vs " << r.value;
  }
}

Json doc(Json statements) {
  return Json{{"Version", "2012-10-17"}, {"Statement", statements}};
}

TEST(IamPolicy, EvaluationTable) {
  const std::string svc = "arn:aws:ecs:us-east-1:1:service/demo/web";
  Json allow_update = {{"Effect", "Allow"}, {"Action", "ecs:updateservice"}, {"Resource", svc}};
  Json deny_all_ecs = {{"Effect", "Deny"}, {"Action", "ecs:*"}, {"Resource", "*"}};
  Json pass_role = {
      {"Effect", "Allow"},
      {"Action", "iam:PassRole"},
      {"Resource", "arn:aws:iam::1:role/task"},
      {"Condition", {{"StringEquals", {{"iam:PassedToService", "ecs-tasks.amazonaws.com"}}}}}};
  Json not_action = {{"Effect", "Allow"}, {"NotAction", {"iam:*"}}, {"Resource", "*"}};
  Json in_cluster = {
      {"Effect", "Allow"},
      {"Action", {"ecs:ListTasks"}},
      {"Resource", "*"},
      {"Condition", {{"ArnLike", {{"ecs:cluster", "arn:aws:ecs:*:1:cluster/demo"}}}}}};
  const Authorization update{"ecs:UpdateService", svc, {}};
  const Authorization other_update{"ecs:UpdateService", svc + "2", {}};
  const Authorization pass_ecs{"iam:PassRole",
                               "arn:aws:iam::1:role/task",
                               {{"iam:PassedToService", "ecs-tasks.amazonaws.com"}}};
  const Authorization pass_lambda{"iam:PassRole",
                                  "arn:aws:iam::1:role/task",
                                  {{"iam:PassedToService", "lambda.amazonaws.com"}}};
  const Authorization pass_no_key{"iam:PassRole", "arn:aws:iam::1:role/task", {}};
  const Authorization list_demo{
      "ecs:ListTasks", "*", {{"ecs:cluster", "arn:aws:ecs:us-east-1:1:cluster/demo"}}};
  const Authorization list_other{
      "ecs:ListTasks", "*", {{"ecs:cluster", "arn:aws:ecs:us-east-1:1:cluster/prod"}}};
  struct Row {
    const char* name;
    Json policies;
    Authorization request;
    Decision expected;
  } rows[] = {
      {"default deny", doc(Json::array()), update, Decision::ImplicitDeny},
      {"allow, action case-insensitive", doc({allow_update}), update, Decision::Allow},
      {"single statement object", doc(allow_update), update, Decision::Allow},
      {"resource is exact", doc({allow_update}), other_update, Decision::ImplicitDeny},
      {"explicit deny wins", Json::array({doc({allow_update}), doc({deny_all_ecs})}), update,
       Decision::ExplicitDeny},
      {"passrole condition met", doc({pass_role}), pass_ecs, Decision::Allow},
      {"passrole other service", doc({pass_role}), pass_lambda, Decision::ImplicitDeny},
      {"passrole key missing", doc({pass_role}), pass_no_key, Decision::ImplicitDeny},
      {"NotAction allows others", doc({not_action}), update, Decision::Allow},
      {"NotAction excludes", doc({not_action}), pass_ecs, Decision::ImplicitDeny},
      {"ArnLike ecs:cluster", doc({in_cluster}), list_demo, Decision::Allow},
      {"ArnLike other cluster", doc({in_cluster}), list_other, Decision::ImplicitDeny},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(evaluate(r.policies, r.request), r.expected) << r.name;
  }
}

Json with_deployer_policy(Json statements) {
  Json s = testing::base_scenario();
  s["accounts"][0]["users"][0]["policy"] = doc(std::move(statements));
  return s;
}

TEST(IamPolicy, DeniedCallNamesTheActionAndResource) {
  testing::Harness h(with_deployer_policy(
      {{{"Effect", "Allow"}, {"Action", "ecs:DescribeServices"}, {"Resource", "*"}}}));
  Json ok = h.call("DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}});
  EXPECT_EQ(h.status(), 200);
  Json denied =
      h.call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", 0}});
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(denied["__type"], "AccessDeniedException");
  EXPECT_EQ(denied["message"],
            "User: arn:aws:iam::123456789012:user/deployer is not authorized to perform: "
            "ecs:UpdateService on resource: arn:aws:ecs:us-east-1:123456789012:service/demo/web "
            "because no identity-based policy allows the ecs:UpdateService action");
}

TEST(IamPolicy, RegisterNeedsPassRoleForEachRole) {
  testing::Harness h(with_deployer_policy(
      {{{"Effect", "Allow"}, {"Action", "ecs:RegisterTaskDefinition"}, {"Resource", "*"}},
       {{"Effect", "Allow"},
        {"Action", "iam:PassRole"},
        {"Resource", "arn:aws:iam::123456789012:role/task"},
        {"Condition", {{"StringEquals", {{"iam:PassedToService", "ecs-tasks.amazonaws.com"}}}}}}}));
  Json td = {{"family", "web"},
             {"taskRoleArn", "arn:aws:iam::123456789012:role/task"},
             {"containerDefinitions", {{{"name", "app"}, {"image", "web:v1"}, {"memory", 128}}}}};
  h.call("RegisterTaskDefinition", td);
  EXPECT_EQ(h.status(), 200);
  td["executionRoleArn"] = "arn:aws:iam::123456789012:role/exec";
  Json denied = h.call("RegisterTaskDefinition", td);
  EXPECT_EQ(h.status(), 400);
  EXPECT_NE(denied["message"].get<std::string>().find(
                "iam:PassRole on resource: arn:aws:iam::123456789012:role/exec"),
            std::string::npos);
}

// AWS tag-on-create: RegisterTaskDefinition with tags also needs ecs:TagResource on the new
// revision, with ecs:CreateAction = RegisterTaskDefinition; without tags it does not.
TEST(IamPolicy, RegisterWithTagsNeedsTagResourceOnTheNewRevision) {
  Json register_only = {
      {"Effect", "Allow"}, {"Action", "ecs:RegisterTaskDefinition"}, {"Resource", "*"}};
  Json td = {{"family", "api"},
             {"containerDefinitions", {{{"name", "app"}, {"image", "api:v1"}, {"memory", 128}}}}};
  Json tagged = td;
  tagged["tags"] = {{{"key", "ecsdeploy:image-tag"}, {"value", "v1"}}};
  {
    testing::Harness h(with_deployer_policy({register_only}));
    h.call("RegisterTaskDefinition", td);
    EXPECT_EQ(h.status(), 200);
    Json denied = h.call("RegisterTaskDefinition", tagged);
    EXPECT_EQ(h.status(), 400);
    EXPECT_NE(denied["message"].get<std::string>().find(
                  "ecs:TagResource on resource: "
                  "arn:aws:ecs:us-east-1:123456789012:task-definition/api:2 "),
              std::string::npos)
        << denied.dump();
  }
  Json tag_on_create = {
      {"Effect", "Allow"},
      {"Action", "ecs:TagResource"},
      {"Resource", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:*"},
      {"Condition", {{"StringEquals", {{"ecs:CreateAction", "RegisterTaskDefinition"}}}}}};
  testing::Harness h(with_deployer_policy({register_only, tag_on_create}));
  h.call("RegisterTaskDefinition", tagged);
  EXPECT_EQ(h.status(), 200);
  // The condition keeps the same statement from tagging an existing revision directly.
  h.call("TagResource",
         {{"resourceArn", "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1"},
          {"tags", {{{"key", "k"}, {"value", "v"}}}}});
  EXPECT_EQ(h.status(), 400);
}

TEST(IamPolicy, ApplicationAutoScalingIsEnforced) {
  testing::Harness h(with_deployer_policy(
      {{{"Effect", "Allow"}, {"Action", "ecs:DescribeServices"}, {"Resource", "*"}}}));
  Json denied =
      h.call("DescribeScalableTargets", {{"ServiceNamespace", "ecs"}}, "application-autoscaling");
  EXPECT_EQ(h.status(), 400);
  EXPECT_NE(denied["message"].get<std::string>().find(
                "application-autoscaling:DescribeScalableTargets on resource: *"),
            std::string::npos);
}

TEST(IamPolicy, ContinueAndAlarmReadsAreCheckedOnTheirOwnArns) {
  Scenario s = load_scenario(testing::base_scenario(), 0.0, 7, 0);
  Identity caller;
  caller.account = "123456789012";
  const std::string sd = "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/abc";
  auto resume = request_authorizations(*s.state, caller, "ecs", "ContinueServiceDeployment",
                                       {{"serviceDeploymentArn", sd}, {"hookId", "h-1"}});
  ASSERT_EQ(resume.size(), 1U);
  EXPECT_EQ(resume[0].action, "ecs:ContinueServiceDeployment");
  EXPECT_EQ(resume[0].resource, sd);
  const std::string alarm = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:";
  auto named = request_authorizations(*s.state, caller, "cloudwatch", "DescribeAlarms",
                                      {{"AlarmNames", {"web-5xx", "web-latency"}}});
  ASSERT_EQ(named.size(), 2U);
  EXPECT_EQ(named[0].action, "cloudwatch:DescribeAlarms");
  EXPECT_EQ(named[0].resource, alarm + "web-5xx");
  EXPECT_EQ(named[1].resource, alarm + "web-latency");
  // Without names the call reads every alarm of the account.
  auto every = request_authorizations(*s.state, caller, "cloudwatch", "DescribeAlarms", Json{});
  ASSERT_EQ(every.size(), 1U);
  EXPECT_EQ(every[0].resource, alarm + "*");
  auto set = request_authorizations(*s.state, caller, "cloudwatch", "SetAlarmState",
                                    {{"AlarmName", "web-5xx"}, {"StateValue", "ALARM"}});
  ASSERT_EQ(set.size(), 1U);
  EXPECT_EQ(set[0].resource, alarm + "web-5xx");
}

TEST(IamPolicy, NoPolicyMeansUnrestricted) {
  testing::Harness h;
  h.call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", 1}});
  EXPECT_EQ(h.status(), 200);
}

TEST(IamPolicy, ScenarioRejectsAPolicyWithoutStatements) {
  Json s = testing::base_scenario();
  s["accounts"][0]["roles"][0]["policy"] = Json{{"Version", "2012-10-17"}};
  EXPECT_THROW(load_scenario(s, 0.0, 7, 0), ScenarioError);
}

}  // namespace
}  // namespace emulator
