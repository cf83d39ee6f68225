// Scenario validation names the JSON path of the bad field; the shipped demo loads.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/scenario.h"
#include "server/options.h"
#include "tests/harness.h"

namespace emulator::testing {
namespace {

std::string load_error(const Json& doc) {
  try {
    load_scenario(doc, 0, 1, 0);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(loaded)";
}

TEST(Scenario, ErrorsNameThePath) {
  Json s = base_scenario();
  s["services"][0]["desiredCount"] = -1;
  EXPECT_EQ(load_error(s), "services[0].desiredCount: expected a non-negative integer");
  s = base_scenario();
  s["services"][0]["colour"] = "blue";
  EXPECT_EQ(load_error(s), "services[0].colour: unknown field");
  s = base_scenario();
  s["accounts"][0]["id"] = "12";
  EXPECT_EQ(load_error(s), "accounts[0].id: expected a 12-digit account id");
  s = base_scenario();
  s["images"]["crash"]["behavior"] = "explode";
  EXPECT_EQ(load_error(s).rfind("images.crash.behavior: expected one of", 0), 0u);
  s = base_scenario();
  s["services"][0]["taskDefinition"] = "missing";
  EXPECT_EQ(load_error(s), "services[0]: ClientException: Unable to describe task definition.");
  s = base_scenario();
  s["faults"] = {{"rules", {{{"type", "throttle"}, {"rate", 2}}}}};
  EXPECT_EQ(load_error(s), "faults.rules[0].rate: expected a number between 0 and 1");
  EXPECT_EQ(load_error(Json::array()), "(top level): expected an object");
}

TEST(Scenario, FileErrorsStartWithTheFileName) {
  try {
    load_scenario_file("/nonexistent/dir/scenario.json", 0, 1, 0);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), "scenario.json: cannot read the file");
  }
}

TEST(Scenario, TheShippedDemoLoadsSteady) {
  const char* src = std::getenv("ECSDEPLOY_SOURCE_DIR");
  std::string root = src != nullptr ? src : ".";
  Scenario s = load_scenario_file(root + "/examples/scenarios/demo.json", 0, 1, 1.7e9);
  State& st = *s.state;
  ASSERT_EQ(st.services.size(), 1u);
  const Service& svc = st.services.begin()->second;
  EXPECT_EQ(svc.name, "web");
  EXPECT_EQ(svc.desired_count, 2);
  EXPECT_EQ(st.live_tasks(svc.arn).size(), 2u);
  EXPECT_TRUE(st.behaviors.count("v1.3.0-crash"));
}

TEST(Scenario, TaskDefinitionsKeepUnknownNestedFields) {
  // Like RegisterTaskDefinition, the loader keeps fields it does not model, at any depth.
  Json s = base_scenario();
  Json& app = s["taskDefinitions"][0]["containerDefinitions"][0];
  app["futureNested"] = {{"x", 1}, {"deeper", {{"list", {1, 2}}}}};
  app["logConfiguration"]["futureOption"] = "kept";
  Harness h(s);
  Json td = h.call("DescribeTaskDefinition", {{"taskDefinition", "web"}})["taskDefinition"];
  EXPECT_EQ(td["containerDefinitions"][0]["futureNested"], app["futureNested"]);
  EXPECT_EQ(td["containerDefinitions"][0]["logConfiguration"], app["logConfiguration"]);
}

TEST(Options, ParsesTheCommandLine) {
  ParsedOptions p =
      parse_options({"--port", "0", "--state", "s.json", "--speed=60", "--seed", "9", "--no-auth"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->state_file, "s.json");
  EXPECT_EQ(p.options->speed, 60);
  EXPECT_EQ(p.options->seed, 9u);
  EXPECT_FALSE(p.options->auth);
  EXPECT_EQ(p.options->max_connections, 512u);
  p = parse_options({"--state", "s.json", "--max-connections", "8"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_EQ(p.options->max_connections, 8u);
  // Without --state the emulator starts empty (one default account, any credentials).
  p = parse_options({"--port", "0"});
  ASSERT_TRUE(p.options) << p.error;
  EXPECT_TRUE(p.options->state_file.empty());
  struct Bad {
    std::vector<std::string> args;
    std::string error;
  };
  for (const Bad& b : std::vector<Bad>{
           {{"--state", "s", "--port", "70000"}, "--port: expected 0-65535"},
           {{"--state", "s", "--max-connections", "0"}, "--max-connections: expected 1-4096"},
           {{"--state", "s", "--speed", "-1"}, "--speed: expected a number from 0 to 100000"},
           {{"--state", "s", "--bogus"}, "unknown option: --bogus"},
           {{"--state"}, "--state needs a file"}}) {
    ParsedOptions r = parse_options(b.args);
    EXPECT_FALSE(r.options);
    EXPECT_EQ(r.error, b.error);
  }
}

}  // namespace
}  // namespace emulator::testing

namespace emulator::testing {
namespace {

TEST(Scenario, WithoutAccountsAnyCredentialsAreTheDefaultAccount) {
  Scenario s = load_scenario(Json::object(), 0, 7, 0);
  EmulatorOptions opt;
  Emulator emu(std::move(s.state), opt);
  EXPECT_TRUE(emu.state().any_credentials);
  EXPECT_EQ(emu.state().accounts, std::vector<std::string>{"123456789012"});
  EXPECT_THROW(load_scenario(Json{{"accounts", Json::array()}}, 0, 7, 0), ScenarioError);
}

}  // namespace
}  // namespace emulator::testing
