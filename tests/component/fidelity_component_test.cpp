// Round-trip fidelity (contributing.md, S3): a task definition using every member of the current
// RegisterTaskDefinition model (tests/component/data/every_field_task_definition.json, built
// from the botocore model) is re-registered with only the image changed.

#include <fstream>

#include "component_fixture.h"
#include "engine/deploy.h"
#include "engine/diff.h"
#include "engine/image_swap.h"

namespace component {
namespace {

class FidelityComponent : public EmulatorTest {};

TEST_F(FidelityComponent, EveryFieldSurvivesWithOnlyTheImageChanged) {
  std::ifstream in(
      testing_support::source_path("tests/component/data/every_field_task_definition.json"));
  Json full = Json::parse(in, nullptr, false);
  ASSERT_FALSE(full.is_discarded());
  Json scenario = demo_scenario();
  scenario["taskDefinitions"].push_back(full);
  scenario["services"].push_back(
      {{"name", "full"},
       {"cluster", "demo"},
       {"taskDefinition", "full:1"},
       {"desiredCount", 1},
       {"launchType", "EC2"},
       {"networkConfiguration", scenario["services"][0]["networkConfiguration"]}});
  start(scenario);

  engine::DeployOptions o;
  o.cluster = "demo";
  o.service = "full";
  o.container = "app";
  o.image_tag = "v1.1.0";
  o.desired_count = 1;
  o.wait = false;
  auto c = clients();
  engine::OperationResult r = engine::deploy(c, clock, reporter, o);
  ASSERT_EQ(r.outcome, engine::Outcome::Succeeded) << reporter.dump();
  ASSERT_TRUE(r.registered_new_revision);

  auto base = ecs->describe_task_definition("full:1");
  auto registered = ecs->describe_task_definition("full:2");
  ASSERT_TRUE(base.ok() && registered.ok());
  // The base really carries every modeled member (else this test proves little).
  Json stripped = engine::strip_read_only(base->raw);
  for (const auto& [key, value] : full.items()) {
    if (key != "tags") {
      EXPECT_TRUE(stripped.contains(key)) << "the emulator dropped " << key;
    }
  }
  auto diff = engine::diff_json(stripped, engine::strip_read_only(registered->raw));
  ASSERT_EQ(diff.size(), 1u) << [&] {
    std::string s;
    for (const auto& d : diff) {
      s += d.path + ": " + d.before + " -> " + d.after + "\n";
    }
    return s;
  }();
  EXPECT_EQ(diff[0].path, "containerDefinitions[app].image");
  EXPECT_EQ(diff[0].after, "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1.1.0\"");
  // Tags carried over, plus the deploy metadata.
  bool app_tag = false;
  bool image_tag = false;
  for (const auto& t : registered->tags) {
    app_tag = app_tag || (t.key == "app" && t.value == "full");
    image_tag = image_tag || (t.key == engine::k_tag_image && t.value == "v1.1.0");
  }
  EXPECT_TRUE(app_tag);
  EXPECT_TRUE(image_tag);
}

}  // namespace
}  // namespace component
