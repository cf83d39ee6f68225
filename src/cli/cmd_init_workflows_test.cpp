#include "cli/cmd_init_workflows.h"

#include <gtest/gtest.h>

#include <string>

#include "cli/workflow_templates.h"

namespace cli {
namespace {

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(InitWorkflowsTest, DefaultsReproduceTheTemplates) {
  for (auto tmpl : {deploy_workflow_template(), scale_workflow_template(),
                    approval_workflow_template(), fleet_workflow_template()}) {
    auto out = fill_workflow(tmpl, WorkflowSettings{});
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(*out, tmpl);
  }
}

TEST(InitWorkflowsTest, FillsEnvironmentsNamesAndActionRef) {
  WorkflowSettings s;
  s.environments = {"stg", "prd"};
  s.cluster = "main-cluster";
  s.service = "web";
  s.action_ref = "octo-org/ecsdeploy@v1.2.0";
  for (auto tmpl : {deploy_workflow_template(), scale_workflow_template()}) {
    auto out = fill_workflow(tmpl, s);
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_NE(
        out->find("        default: stg\n        options:\n          - stg\n          - prd\n"),
        std::string::npos);
    EXPECT_NE(out->find("            stg | prd) ;;"), std::string::npos);
    EXPECT_NE(out->find("is not one of: stg, prd"), std::string::npos);
    EXPECT_NE(out->find("uses: octo-org/ecsdeploy@v1.2.0"), std::string::npos);
    EXPECT_EQ(count(*out, "${{ vars.ECS_CLUSTER }}"), 0);
    EXPECT_GE(count(*out, "${{ vars.ECS_CLUSTER || 'main-cluster' }}"), 2);
    // The concurrency group uses the same fallback, so deploy and scale still share it.
    EXPECT_NE(out->find("group: ecs-service-${{ inputs.environment }}-${{ vars.ECS_SERVICE || "
                        "'web' }}"),
              std::string::npos);
    EXPECT_EQ(out->find("production"), std::string::npos);
  }
}

TEST(InitWorkflowsTest, TheApprovalWorkflowGetsTheSameSettingsInEveryJob) {
  WorkflowSettings s;
  s.environments = {"stg", "prd"};
  s.service = "web";
  s.action_ref = "octo-org/ecsdeploy@0123456789abcdef0123456789abcdef01234567";
  auto out = fill_workflow(approval_workflow_template(), s);
  ASSERT_TRUE(out.ok()) << out.error().message;
  // deploy, approve (continue) and reject (continue --rollback) all run the same action.
  EXPECT_EQ(count(*out, "        uses: ./\n"), 0);
  EXPECT_EQ(count(*out, "        uses: " + s.action_ref + "\n"), 3);
  EXPECT_NE(out->find("            stg | prd) ;;"), std::string::npos);
  EXPECT_NE(out->find("environment: ${{ inputs.environment }}-approval"), std::string::npos);
  // One queue per service, the same group as ECS Deploy and ECS Scale.
  EXPECT_NE(out->find("  group: ecs-service-${{ inputs.environment }}-${{ vars.ECS_SERVICE || "
                      "'web' }}"),
            std::string::npos);
}

ConfigFile config(std::initializer_list<std::pair<const char*, ConfigTarget>> targets) {
  ConfigFile f;
  f.path = "ecsdeploy.yml";
  for (const auto& [name, target] : targets) {
    f.targets.push_back(target);
    f.targets.back().name = name;
  }
  return f;
}

ConfigTarget at(const char* account, const char* region) {
  ConfigTarget t;
  t.values = {{"cluster", "c"}, {"service", "s"}};
  if (*account != '\0') {
    t.values.emplace_back("expect_account", account);
  }
  if (*region != '\0') {
    t.values.emplace_back("region", region);
  }
  return t;
}

TEST(InitWorkflowsTest, FleetGroupsAreOnePerAccountAndRegion) {
  const auto groups = fleet_groups(config({{"web", at("123456789012", "us-east-1")},
                                           {"api", at("210987654321", "eu-west-1")},
                                           {"worker", at("123456789012", "us-east-1")},
                                           {"batch", at("123456789012", "eu-west-1")},
                                           {"legacy", at("", "")}}));
  ASSERT_EQ(groups.size(), 4U);
  EXPECT_EQ(groups[0].targets, (std::vector<std::string>{"web", "worker"}));
  EXPECT_EQ(groups[1].account, "210987654321");
  EXPECT_EQ(groups[2].targets, (std::vector<std::string>{"batch"}));
  EXPECT_EQ(groups[2].region, "eu-west-1");
  EXPECT_EQ(groups[3].account, "");
  EXPECT_EQ(groups[3].region, "");
}

TEST(InitWorkflowsTest, TheFleetMatrixReproducesTheTemplateForItsOwnExample) {
  const auto groups = fleet_groups(config({{"web", at("123456789012", "us-east-1")},
                                           {"worker", at("123456789012", "us-east-1")},
                                           {"api", at("210987654321", "eu-west-1")}}));
  auto out = fill_fleet_matrix(fleet_workflow_template(), groups);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, fleet_workflow_template());
}

TEST(InitWorkflowsTest, TheFleetMatrixHasOneJobPerGroupAndThatManyInParallel) {
  const auto groups = fleet_groups(config({{"a", at("111111111111", "us-east-1")},
                                           {"b", at("222222222222", "us-east-1")},
                                           {"c", at("333333333333", "ap-northeast-1")},
                                           {"d", at("", "")}}));
  auto out = fill_fleet_matrix(fleet_workflow_template(), groups);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_NE(out->find("      max-parallel: 4\n"), std::string::npos);
  EXPECT_NE(out->find("          - account: \"333333333333\"\n"
                      "            region: \"ap-northeast-1\"\n"
                      "            services: c\n"),
            std::string::npos);
  EXPECT_NE(
      out->find("          - account: \"\"\n            region: \"\"\n            services: d\n"
                "        # end of matrix\n"),
      std::string::npos);
  EXPECT_EQ(out->find("210987654321"), std::string::npos);  // the example is gone
  EXPECT_EQ(count(*out, "          - account: "), 4);
}

TEST(InitWorkflowsTest, TheFleetMatrixRefusesWhatItCannotCarry) {
  struct Row {
    const char* why;
    std::vector<FleetGroup> groups;
  };
  std::vector<FleetGroup> too_many;
  for (int i = 0; i < 257; ++i) {
    too_many.push_back({"", "us-east-1", {"t" + std::to_string(i)}});
  }
  const Row rows[] = {
      {"no targets", {}},
      {"a name YAML or the shell would read", {{"", "", {"web: x"}}}},
      {"a name with a space", {{"", "", {"a b"}}}},
      {"not an account", {{"12345", "", {"web"}}}},
      {"not a region", {{"", "us east", {"web"}}}},
      {"over GitHub's 256 jobs", too_many},
  };
  for (const auto& row : rows) {
    auto out = fill_fleet_matrix(fleet_workflow_template(), row.groups);
    ASSERT_FALSE(out.ok()) << row.why;
    EXPECT_EQ(out.error().kind, util::ErrorKind::InvalidInput) << row.why;
  }
  auto shape = fill_fleet_matrix("name: x\n", {{"", "", {"web"}}});
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().kind, util::ErrorKind::Internal);
}

TEST(InitWorkflowsTest, RejectsBadSettings) {
  struct Row {
    std::vector<std::string> environments;
    std::string action_ref;
  };
  const Row rows[] = {
      {{}, "a/b@v1"},   {{"prod; rm -rf /"}, "a/b@v1"}, {{"stg", "a b"}, "a/b@v1"},
      {{"stg"}, "a/b"}, {{"stg"}, "a/b@v1 && curl x"},  {{"stg"}, "'quoted'"},
  };
  for (const auto& row : rows) {
    WorkflowSettings s;
    s.environments = row.environments;
    s.action_ref = row.action_ref;
    auto out = fill_workflow(deploy_workflow_template(), s);
    ASSERT_FALSE(out.ok()) << row.action_ref;
    EXPECT_EQ(out.error().kind, util::ErrorKind::InvalidInput);
  }
  WorkflowSettings local;
  local.action_ref = "./";
  EXPECT_TRUE(fill_workflow(deploy_workflow_template(), local).ok());
}

TEST(InitWorkflowsTest, ATemplateOutOfShapeIsABugNotAUserError) {
  auto out = fill_workflow("name: x\n", WorkflowSettings{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, util::ErrorKind::Internal);
}

}  // namespace
}  // namespace cli
