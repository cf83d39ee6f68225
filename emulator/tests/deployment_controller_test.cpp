// deploymentController: stored and described; CODE_DEPLOY/EXTERNAL services refuse UpdateService
// rollouts (new task definition, forced deployment) but still accept desiredCount changes.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace emulator::testing {
namespace {

Json create_body(const std::string& name, const std::string& type) {
  return {{"cluster", "demo"},
          {"serviceName", name},
          {"taskDefinition", "web"},
          {"desiredCount", 1},
          {"deploymentController", {{"type", type}}}};
}

TEST(DeploymentController, CreateServiceStoresTheType) {
  Harness h;
  Json out = h.call("CreateService", create_body("bg", "CODE_DEPLOY"));
  ASSERT_EQ(h.status(), 200) << out.dump();
  EXPECT_EQ(out["service"]["deploymentController"]["type"], "CODE_DEPLOY");
  h.call("CreateService", create_body("ext", "EXTERNAL"));
  ASSERT_EQ(h.status(), 200);
  Json d = h.call("DescribeServices", {{"cluster", "demo"}, {"services", {"bg", "ext", "web"}}});
  EXPECT_EQ(d["services"][0]["deploymentController"]["type"], "CODE_DEPLOY");
  EXPECT_EQ(d["services"][1]["deploymentController"]["type"], "EXTERNAL");
  EXPECT_EQ(d["services"][2]["deploymentController"]["type"], "ECS");
  Json bad = h.call("CreateService", create_body("odd", "BLUE_GREEN"));
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(bad["__type"], "InvalidParameterException");
}

TEST(DeploymentController, CodeDeployServiceRefusesRollouts) {
  Harness h;
  h.call("CreateService", create_body("bg", "CODE_DEPLOY"));
  Json err = h.call("UpdateService",
                    {{"cluster", "demo"}, {"service", "bg"}, {"taskDefinition", "web:1"}});
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(err["__type"], "InvalidParameterException");
  EXPECT_EQ(err["message"],
            "Unable to update task definition on services with a CODE_DEPLOY deployment "
            "controller. Use AWS CodeDeploy to trigger a new deployment.");
  h.call("UpdateService", {{"cluster", "demo"}, {"service", "bg"}, {"forceNewDeployment", true}});
  EXPECT_EQ(h.status(), 400);
  Json ok = h.call("UpdateService", {{"cluster", "demo"}, {"service", "bg"}, {"desiredCount", 3}});
  ASSERT_EQ(h.status(), 200) << ok.dump();
  EXPECT_EQ(ok["service"]["desiredCount"], 3);
  EXPECT_EQ(ok["service"]["deployments"].size(), 1u);
}

TEST(DeploymentController, ExternalServiceRefusesRollouts) {
  Harness h;
  h.call("CreateService", create_body("ext", "EXTERNAL"));
  Json err = h.call("UpdateService",
                    {{"cluster", "demo"}, {"service", "ext"}, {"taskDefinition", "web:1"}});
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(err["__type"], "InvalidParameterException");
}

TEST(DeploymentController, ScenarioServicesAcceptIt) {
  Json s = base_scenario();
  s["services"][0]["deploymentController"] = {{"type", "CODE_DEPLOY"}};
  Harness h(s);
  EXPECT_EQ(h.service()["deploymentController"]["type"], "CODE_DEPLOY");
  h.call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"forceNewDeployment", true}});
  EXPECT_EQ(h.status(), 400);
}

}  // namespace
}  // namespace emulator::testing
