#include "cli/config_file.h"

#include <sys/stat.h>

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

// The first of two equal keys used to win silently; both lines are named now, in YAML and
// in JSON (which the same parser reads).
TEST(ConfigFile, DuplicateTargetsAndKeysAreErrorsNamingBothLines) {
  struct Row {
    std::string text;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"web:\n  cluster: a\nworker:\n  cluster: b\nweb:\n  cluster: c\n",
       "ecsdeploy.yml: duplicate target 'web' (lines 1 and 5)"},
      {"web:\n  cluster: a\n  service: web\n  cluster: b\n",
       "ecsdeploy.yml: target 'web': duplicate key 'cluster' (lines 2 and 4)"},
      {"targets:\n  web: {cluster: a}\n  web: {cluster: b}\n",
       "ecsdeploy.yml: duplicate target 'web' (lines 2 and 3)"},
      {"{\"web\": {\"cluster\": \"a\"},\n \"web\": {\"cluster\": \"b\"}}",
       "ecsdeploy.yml: duplicate target 'web' (lines 1 and 2)"},
      {"{\"web\": {\"region\": \"a\",\n\n  \"region\": \"b\"}}",
       "ecsdeploy.yml: target 'web': duplicate key 'region' (lines 1 and 3)"},
  };
  for (const Row& row : rows) {
    auto f = parse_config_text(row.text, "ecsdeploy.yml");
    ASSERT_FALSE(f.ok()) << row.text;
    EXPECT_EQ(f.error().kind, util::ErrorKind::InvalidInput);
    EXPECT_EQ(f.error().message, row.message);
  }
}

// yaml-cpp recurses per level; its guard must surface as one clear line, not a crash.
TEST(ConfigFile, DeeplyNestedDocumentsAreAClearError) {
  std::string dashes;
  for (int i = 0; i < 100000; ++i) {
    dashes += "- ";
  }
  for (const std::string& text : {"web: " + std::string(100000, '[') + std::string(100000, ']'),
                                  dashes + "x\n", std::string(100000, '{')}) {
    auto f = parse_config_text(text, "ecsdeploy.yml");
    ASSERT_FALSE(f.ok());
    EXPECT_EQ(f.error().message.rfind("ecsdeploy.yml: nested too deeply (more than ", 0), 0u)
        << f.error().message;
  }
}

TEST(ConfigFile, FlatFileErrorShowsTheLayout) {
  auto f = parse_config_text("cluster: demo\nservice: web\n", "ecsdeploy.yml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "ecsdeploy.yml: target 'cluster' must be a mapping of keys to values (line 1): each "
            "top-level key names a target, e.g. web: {cluster: …}; see docs/configuration.md");
}

TEST(ConfigFile, AKeyBesideTargetsIsAnUnknownTopLevelKey) {
  auto f = parse_config_text("version: 2\ntargets:\n  web: {cluster: demo}\n", "ecsdeploy.yml");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "ecsdeploy.yml: unknown top-level key 'version' (line 1): next to 'targets:', the "
            "only top-level key is 'targets'; put each target under it (docs/configuration.md)");
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

TEST(ConfigFile, AFifoDeviceOrHugeFileIsRefusedNamingIt) {
  auto dir = std::filesystem::temp_directory_path() /
             ("ecsdeploy-config-fifo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string fifo = (dir / "ecsdeploy.yml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto f = load_config_file(fifo, dir.string());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message, "cannot read config file '" + fifo +
                                   "': not a regular file (a FIFO, socket or device is not read)");
  auto zero = load_config_file(std::string("/dev/zero"), dir.string());
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().kind, util::ErrorKind::InvalidInput);
  const std::string huge = (dir / "huge.yml").string();
  std::ofstream(huge) << "";
  std::filesystem::resize_file(huge, (std::size_t{10} << 20) + 1);
  auto big = load_config_file(huge, dir.string());
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().message,
            "cannot read config file '" + huge + "': larger than the 10 MiB limit");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cli
