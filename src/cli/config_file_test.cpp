#include "cli/config_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cli {
namespace {

TEST(ConfigFile, ParsesYamlTargets) {
  auto f = parse_config_text(
      "web:\n  cluster: stg\n  service: web\n  expect_account: 012345678901\n"
      "worker:\n  cluster: stg\n  service: worker\n",
      "ecsdeploy.yml");
  ASSERT_TRUE(f.ok()) << f.error().message;
  ASSERT_EQ(f->targets.size(), 2u);
  EXPECT_EQ(f->targets[0].name, "web");
  EXPECT_EQ(f->targets[0].get("expect_account"), "012345678901");  // leading zero kept
  EXPECT_EQ(f->targets[1].get("service"), "worker");
  EXPECT_FALSE(f->targets[1].get("family").has_value());
}

TEST(ConfigFile, ParsesJsonAndTargetsKey) {
  auto f = parse_config_text(R"({"targets": {"web": {"cluster": "stg", "region": "eu-west-1"}}})",
                             "ecsdeploy.json");
  ASSERT_TRUE(f.ok()) << f.error().message;
  ASSERT_EQ(f->targets.size(), 1u);
  EXPECT_EQ(f->targets[0].get("region"), "eu-west-1");
}

TEST(ConfigFile, Errors) {
  struct Row {
    std::string text;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"web:\n  clustr: stg\n", "ecsdeploy.yml: target 'web': unknown key 'clustr' (line 2)"},
      {"web: stg\n", "ecsdeploy.yml: target 'web' must be a mapping"},
      {"web:\n  cluster: [a, b]\n", "'cluster' must be a single value (line 2)"},
      {"- a\n- b\n", "expected a mapping of target names"},
      {"web: {cluster: \"x\"\n", "not valid YAML/JSON"},
  };
  for (const Row& row : rows) {
    auto f = parse_config_text(row.text, "ecsdeploy.yml");
    ASSERT_FALSE(f.ok()) << row.text;
    EXPECT_EQ(f.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_NE(f.error().message.find(row.message), std::string::npos) << f.error().message;
  }
  EXPECT_TRUE(parse_config_text("", "ecsdeploy.yml").ok());
}

TEST(ConfigFile, FlatFileErrorShowsTheLayout) {
  auto f = parse_config_text("cluster: demo\nservice: web\n", "ecsdeploy.yml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "ecsdeploy.yml: target 'cluster' must be a mapping of keys to values (line 1): each "
            "top-level key names a target, e.g. web: {cluster: …}; see docs/configuration.md");
}

TEST(ConfigFile, SelectTarget) {
  auto one = parse_config_text("web: {cluster: a}\n", "c.yml");
  auto two = parse_config_text("web: {cluster: a}\napi: {cluster: b}\n", "c.yml");
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_EQ((*select_target(*one, std::nullopt))->name, "web");
  EXPECT_EQ(*select_target(*two, std::nullopt), nullptr);
  EXPECT_EQ((*select_target(*two, "api"))->get("cluster"), "b");
  auto missing = select_target(*two, "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "target 'nope' not found in c.yml (targets: web, api)");
}

TEST(ConfigFile, LoadsFromDirectory) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ecsdeploy-config-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto none = load_config_file(std::nullopt, dir.string());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::ofstream(dir / "ecsdeploy.json") << R"({"web": {"cluster": "j"}})";
  auto json = load_config_file(std::nullopt, dir.string());
  ASSERT_TRUE(json.ok() && json->has_value());
  EXPECT_EQ((*json)->targets[0].get("cluster"), "j");
  std::ofstream(dir / "ecsdeploy.yml") << "web:\n  cluster: y\n";
  auto yml = load_config_file(std::nullopt, dir.string());
  ASSERT_TRUE(yml.ok() && yml->has_value());
  EXPECT_EQ((*yml)->targets[0].get("cluster"), "y");  // .yml is preferred
  auto missing = load_config_file((dir / "nope.yml").string(), dir.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot read config file"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cli
