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
  for (auto tmpl : {deploy_workflow_template(), scale_workflow_template()}) {
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
