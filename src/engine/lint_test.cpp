#include "engine/lint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace engine {
namespace {

using Json = nlohmann::ordered_json;

const char* k_clean = R"({
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",
  "containerDefinitions": [{
    "name": "app",
    "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:3f9c2ab",
    "environment": [{"name": "DB_PASSWORD_ARN", "value": "arn:aws:secretsmanager:x"},
                    {"name": "CACHE_KEY_PREFIX", "value": "web"},
                    {"name": "TOKEN_TTL", "value": "300"},
                    {"name": "API_TOKEN", "value": ""}],
    "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:x"}],
    "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}}
  }]
})";

std::vector<std::string> codes(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(f.code);
  }
  return out;
}

Json clean() {
  return Json::parse(k_clean);
}

TEST(LintTest, CleanTaskDefinitionHasNoFindings) {
  EXPECT_TRUE(lint_task_definition(clean()).empty())
      << ::testing::PrintToString(codes(lint_task_definition(clean())));
}

TEST(LintTest, EachMistakeHasItsCode) {
  struct Row {
    std::string what;
    void (*mutate)(Json&);
    std::string code;
  };
  const Row rows[] = {
      {"same roles", [](Json& td) { td["taskRoleArn"] = td["executionRoleArn"]; },
       "same-task-and-execution-role"},
      {"no task role", [](Json& td) { td.erase("taskRoleArn"); }, "no-task-role"},
      {"no execution role", [](Json& td) { td.erase("executionRoleArn"); }, "no-execution-role"},
      {"secret env",
       [](Json& td) {
         td["containerDefinitions"][0]["environment"].push_back(
             {{"name", "STRIPE_SECRET_KEY"}, {"value", "sk_live_abc"}});
       },
       "secret-in-environment"},
      {"latest", [](Json& td) { td["containerDefinitions"][0]["image"] = "nginx:latest"; },
       "mutable-image-tag"},
      {"no tag",
       [](Json& td) { td["containerDefinitions"][0]["image"] = "registry:5000/team/web"; },
       "mutable-image-tag"},
      {"no logs", [](Json& td) { td["containerDefinitions"][0].erase("logConfiguration"); },
       "no-log-configuration"},
      {"no containers", [](Json& td) { td.erase("containerDefinitions"); }, "no-containers"},
  };
  for (const auto& row : rows) {
    Json td = clean();
    row.mutate(td);
    EXPECT_EQ(codes(lint_task_definition(td)), std::vector<std::string>{row.code}) << row.what;
  }
}

TEST(LintTest, SecretValuesNeverAppearInFindings) {
  Json td = clean();
  td["containerDefinitions"][0]["environment"] =
      Json::array({{{"name", "DB_PASSWORD"}, {"value", "hunter2-very-secret"}},
                   {{"name", "GITHUB_TOKEN"}, {"value", "ghp_abcdef"}}});
  const auto findings = lint_task_definition(td);
  ASSERT_EQ(findings.size(), 2u);
  for (const auto& f : findings) {
    for (const std::string& text : {f.message, f.hint, f.subject}) {
      EXPECT_EQ(text.find("hunter2"), std::string::npos);
      EXPECT_EQ(text.find("ghp_"), std::string::npos);
    }
  }
  EXPECT_EQ(findings[0].subject, "DB_PASSWORD");
}

TEST(LintTest, SecretLookingNames) {
  const std::pair<const char*, bool> rows[] = {
      {"DB_PASSWORD", true},
      {"db_password", true},
      {"API_TOKEN", true},
      {"CLIENT_SECRET", true},
      {"AWS_SECRET_ACCESS_KEY", true},
      {"PRIVATE_KEY", true},
      {"STRIPE_API_KEY", true},
      {"APIKEY", true},
      {"MYSQL_PWD", true},
      {"DB_PASSWORD_ARN", false},
      {"SECRET_NAME", false},
      {"TOKEN_URL", false},
      {"CACHE_KEY_PREFIX", false},
      {"PUBLIC_KEY", false},
      {"KEYCLOAK_REALM", false},
      {"PORT", false},
      {"", false},
  };
  for (const auto& [name, expected] : rows) {
    EXPECT_EQ(looks_like_secret_name(name), expected) << name;
  }
}

TEST(LintTest, ImageTags) {
  EXPECT_EQ(image_tag_of("nginx"), "");
  EXPECT_EQ(image_tag_of("nginx:1.27"), "1.27");
  EXPECT_EQ(image_tag_of("registry:5000/web"), "");
  EXPECT_EQ(image_tag_of("registry:5000/web:v2"), "v2");
  EXPECT_EQ(image_tag_of("web@sha256:abc"), std::nullopt);
  Json td = clean();
  td["containerDefinitions"][0]["image"] = "web:latest@sha256:" + std::string(64, 'a');
  EXPECT_TRUE(lint_task_definition(td).empty());
}

TEST(LintTest, CircuitBreaker) {
  services::Service s;
  s.name = "web";
  EXPECT_EQ(codes(lint_service(s)), std::vector<std::string>{"circuit-breaker-off"});
  s.deployment_configuration.circuit_breaker_enable = true;
  EXPECT_EQ(codes(lint_service(s)), std::vector<std::string>{"circuit-breaker-no-rollback"});
  EXPECT_EQ(lint_service(s)[0].severity, Severity::Notice);
  s.deployment_configuration.circuit_breaker_rollback = true;
  EXPECT_TRUE(lint_service(s).empty());
  s.deployment_configuration.circuit_breaker_enable = false;
  s.deployment_controller = "CODE_DEPLOY";
  EXPECT_TRUE(lint_service(s).empty());
}

// The hint points at where a stopped task's reason and log lines can be read (the CLI words
// it: cli/next_step_text_test.cpp checks the commands it names).
TEST(LintTest, NoLogConfigurationHintPointsAtStoppedTaskEvidence) {
  Json td = clean();
  td["containerDefinitions"][0].erase("logConfiguration");
  const auto findings = lint_task_definition(td);
  ASSERT_EQ(codes(findings), std::vector<std::string>{"no-log-configuration"});
  ASSERT_EQ(findings[0].next.size(), 1u);
  EXPECT_EQ(findings[0].next[0].step, NextStep::ReadStoppedTasks);
}

TEST(LintTest, PassRoleOnAnyRoleIsAnError) {
  const std::pair<const char*, bool> rows[] = {
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]})", true},
      {R"({"Statement": {"Effect": "Allow", "Action": ["ecs:*", "iam:*"], "Resource": ["*"]}})",
       true},
      {R"({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})", true},
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
           "Resource": "arn:aws:iam::123456789012:role/*"}]})",
       true},
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
           "Resource": ["arn:aws:iam::123456789012:role/web-task"]}]})",
       false},
      {R"({"Statement": [{"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "Action": "ecs:ListTasks", "Resource": "*"}]})",
       false},
  };
  for (const auto& [policy, flagged] : rows) {
    const auto findings = lint_policy(Json::parse(policy));
    EXPECT_EQ(!findings.empty(), flagged) << policy;
    if (flagged) {
      EXPECT_EQ(findings[0].code, "passrole-any-role");
      EXPECT_EQ(findings[0].severity, Severity::Error);
    }
  }
}

// NotAction / NotResource with Allow grant everything they do not name: judged by what they
// allow, not by the names they list. Action patterns are IAM wildcards (case-insensitive).
TEST(LintTest, PassRoleAllowedThroughNotActionOrNotResourceIsAnError) {
  const std::pair<const char*, bool> rows[] = {
      {R"({"Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]})", true},
      {R"({"Statement": [{"Effect": "Allow", "NotAction": ["s3:*", "ec2:*"],
           "Resource": "arn:aws:iam::123456789012:role/*"}]})",
       true},
      {R"({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "NotAction": "iam:Pass*", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "NotAction": "s3:*",
           "Resource": "arn:aws:iam::123456789012:role/web-task"}]})",
       false},
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:PassRole",
           "NotResource": "arn:aws:iam::123456789012:role/admin"}]})",
       true},
      {R"({"Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:P?ssRole", "Resource": "*"}]})", true},
      {R"({"Statement": [{"Effect": "Allow", "Action": "IAM:passrole", "Resource": "*"}]})", true},
      {R"({"Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]})", false},
      {R"({"Statement": [{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]})", false},
  };
  for (const auto& [policy, flagged] : rows) {
    const auto findings = lint_policy(Json::parse(policy));
    EXPECT_EQ(!findings.empty(), flagged) << policy;
    if (flagged && !findings.empty()) {
      EXPECT_EQ(findings[0].code, "passrole-any-role");
      EXPECT_EQ(findings[0].severity, Severity::Error);
    }
  }
}

TEST(LintTest, CombinedFindingsAreOrderedBySeverity) {
  LintInput input;
  Json td = clean();
  td.erase("taskRoleArn");
  input.task_definition = Json{{"taskDefinition", td}};
  input.service = services::Service{};
  input.policies.push_back(Json::parse(
      R"({"Statement": [{"Sid": "Bad", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]})"));
  const auto findings = lint(input);
  EXPECT_EQ(codes(findings),
            (std::vector<std::string>{"passrole-any-role", "no-task-role", "circuit-breaker-off"}));
  EXPECT_NE(findings[0].message.find("Bad"), std::string::npos);
}

}  // namespace
}  // namespace engine
