// Hostile bodies (nesting deeper than the documented limit) are refused before a DOM is built,
// and the emulator keeps its state.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/json_limits.h"
#include "core/scenario.h"
#include "tests/harness.h"

namespace emulator::testing {
namespace {

// A RegisterTaskDefinition body whose container carries an unknown member `deep` holding
// `levels` nested arrays; the whole body nests levels + 4 deep.
std::string deep_task_definition(std::size_t levels) {
  return R"({"family":"deep","containerDefinitions":[{"name":"app","image":"nginx","deep":)" +
         std::string(levels, '[') + std::string(levels, ']') + "}]}";
}

HttpRequest ecs_request(const std::string& op, const std::string& body) {
  HttpRequest req;
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                 {"X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + op}};
  req.body = body;
  return req;
}

TEST(JsonDepth, CountsBracketsOutsideStrings) {
  EXPECT_EQ(json_depth(R"({"a":[1,{"b":[]}]})"), 4u);
  EXPECT_EQ(json_depth(R"({"a":"[[[[{{{{"})"), 1u);
  EXPECT_EQ(json_depth(R"({"a":"\"[[[[","b":[]})"), 2u);
  EXPECT_EQ(json_depth(R"({"a":"\\","b":[[]]})"), 3u);
  EXPECT_EQ(json_depth("42"), 0u);
  EXPECT_EQ(json_depth(std::string(100000, '[')), 100000u);
}

TEST(JsonDepth, ParseBoundedRefusesTooDeepAndMalformed) {
  EXPECT_EQ(parse_json_bounded("[[1]]", 2).status, JsonParse::Ok);
  EXPECT_EQ(parse_json_bounded("[[[1]]]", 2).status, JsonParse::TooDeep);
  EXPECT_EQ(parse_json_bounded("[[1]", 2).status, JsonParse::Malformed);
  EXPECT_EQ(parse_json_bounded(R"({"a":[1]})", 2).value["a"][0], 1);
}

TEST(FrontDoor, DeeplyNestedMemberIsSerializationExceptionAndStateSurvives) {
  Harness h;
  for (std::size_t levels : {600u, 10000u, 100000u}) {
    Json r = h.send(ecs_request("RegisterTaskDefinition", deep_task_definition(levels)));
    EXPECT_EQ(h.status(), 400) << levels;
    EXPECT_EQ(r["__type"], "SerializationException") << levels;
    EXPECT_NE(r["message"].get<std::string>().find("512"), std::string::npos) << r.dump();
  }
  // Nothing was registered, and the state is still there.
  h.call("DescribeTaskDefinition", {{"taskDefinition", "deep"}});
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(h.service()["desiredCount"], 2);
}

TEST(FrontDoor, NestingAtTheLimitIsAccepted) {
  Harness h;
  // 4 levels of envelope (body, containerDefinitions, container, deep) + 508 = 512.
  Json r =
      h.send(ecs_request("RegisterTaskDefinition", deep_task_definition(k_max_json_depth - 3)));
  EXPECT_EQ(h.status(), 200) << r.dump().substr(0, 200);
  h.send(ecs_request("RegisterTaskDefinition", deep_task_definition(k_max_json_depth - 2)));
  EXPECT_EQ(h.status(), 400);
}

TEST(Control, DeeplyNestedFaultsBodyIsRefused) {
  Harness h;
  HttpRequest req;
  req.method = "POST";
  req.path = "/_emulator/faults";
  req.body = R"({"rules":)" + std::string(100000, '[') + std::string(100000, ']') + "}";
  HttpResponse r = h.emulator().handle_control(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("512"), std::string::npos) << r.body.substr(0, 200);
}

TEST(Control, OversizedBodyIs413) {
  Harness h;
  HttpRequest req;
  req.method = "POST";
  req.path = "/_emulator/faults";
  req.body = R"({"rules":[],"x":")" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  EXPECT_EQ(h.emulator().handle_control(req).status, 413);
}

TEST(Scenario, DeeplyNestedFileIsAnError) {
  std::string path = ::testing::TempDir() + "deep_scenario.json";
  {
    std::ofstream out(path);
    out << R"({"description":"x","images":{"a":)" << std::string(100000, '[')
        << std::string(100000, ']') << "}}";
  }
  try {
    load_scenario_file(path, 0, 1, 0);
    ADD_FAILURE() << "loaded";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("nests deeper than 512"), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace emulator::testing
