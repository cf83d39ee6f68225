#include "engine/image_swap.h"

#include <gtest/gtest.h>

#include "engine/diff.h"
#include "util/env.h"

namespace engine {
namespace {

using Json = nlohmann::ordered_json;

// A described revision with read-only fields, fields older tools lose (pidMode, ipcMode,
// task-level memory, empty env values) and a member from the future.
const char* k_described = R"({
  "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
  "containerDefinitions": [
    {"name": "sidecar", "image": "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0",
     "essential": false, "environment": []},
    {"name": "web", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:sha-old",
     "cpu": 0, "essential": true,
     "environment": [{"name": "EMPTY", "value": ""}, {"name": "MODE", "value": "prod"}],
     "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}},
     "futureContainerField": {"nested": [1, 2, ""]}}
  ],
  "family": "web",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
  "executionRoleArn": "arn:aws:iam::123456789012:role/web-exec",
  "networkMode": "awsvpc",
  "revision": 7,
  "volumes": [],
  "status": "ACTIVE",
  "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.ecr-auth"}],
  "placementConstraints": [],
  "compatibilities": ["EC2", "FARGATE"],
  "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "256",
  "memory": "512",
  "pidMode": "task",
  "ipcMode": "none",
  "ephemeralStorage": {"sizeInGiB": 21},
  "enableFaultInjection": false,
  "registeredAt": 1700000000.123,
  "deregisteredAt": 1700000001,
  "deleteRequestedAt": 1700000002,
  "registeredBy": "arn:aws:sts::123456789012:assumed-role/ci/gh",
  "aFieldFromTheFuture": ""
})";

TEST(StripReadOnly, RemovesExactlyTheNineAndKeepsOrder) {
  Json described = Json::parse(k_described);
  Json stripped = strip_read_only(described);
  for (auto field : k_read_only_fields) {
    EXPECT_FALSE(stripped.contains(field)) << field;
  }
  EXPECT_EQ(stripped.size(), described.size() - 9);
  std::vector<std::string> keys;
  for (const auto& [k, v] : stripped.items()) {
    keys.push_back(k);
  }
  std::vector<std::string> expected = {"containerDefinitions",
                                       "family",
                                       "taskRoleArn",
                                       "executionRoleArn",
                                       "networkMode",
                                       "volumes",
                                       "placementConstraints",
                                       "runtimePlatform",
                                       "requiresCompatibilities",
                                       "cpu",
                                       "memory",
                                       "pidMode",
                                       "ipcMode",
                                       "ephemeralStorage",
                                       "enableFaultInjection",
                                       "aFieldFromTheFuture"};
  EXPECT_EQ(keys, expected);
}

TEST(SwapImage, ChangesOnlyTheNamedContainersImage) {
  Json described = Json::parse(k_described);
  auto swapped = swap_image(described, "web", "sha-new");
  ASSERT_TRUE(swapped.ok()) << swapped.error().describe();
  EXPECT_EQ(swapped->old_image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:sha-old");
  EXPECT_EQ(swapped->new_image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:sha-new");
  auto diff = diff_json(strip_read_only(described), swapped->definition);
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff[0].path, "containerDefinitions[web].image");
  EXPECT_EQ(diff[0].before, "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:sha-old\"");
  EXPECT_EQ(diff[0].after, "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web:sha-new\"");
  // Empty strings and unknown members are kept verbatim.
  EXPECT_EQ(swapped->definition["containerDefinitions"][1]["environment"][0]["value"], "");
  EXPECT_EQ(swapped->definition["aFieldFromTheFuture"], "");
  EXPECT_EQ(swapped->definition["containerDefinitions"][1]["futureContainerField"]["nested"][2],
            "");
}

TEST(SwapImage, DigestAndPortReferences) {
  struct Row {
    std::string image, tag, expected;
  };
  const Row rows[] = {
      {"repo/app@sha256:0123", "v2", "repo/app:v2"},
      {"host:5000/team/app:v1", "v2", "host:5000/team/app:v2"},
      {"host:5000/team/app", "v2", "host:5000/team/app:v2"},
      {"nginx", "1.27", "nginx:1.27"},
  };
  for (const auto& row : rows) {
    Json td = {{"family", "f"},
               {"containerDefinitions", Json::array({{{"name", "c"}, {"image", row.image}}})}};
    auto swapped = swap_image(td, "c", row.tag);
    ASSERT_TRUE(swapped.ok()) << row.image;
    EXPECT_EQ(swapped->new_image, row.expected);
  }
}

TEST(SwapImage, MissingContainerIsInvalidInput) {
  auto swapped = swap_image(Json::parse(k_described), "api", "x");
  ASSERT_FALSE(swapped.ok());
  EXPECT_EQ(swapped.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_NE(swapped.error().message.find("'api'"), std::string::npos);
}

TEST(DeployTags, CarriesBaseTagsAndAddsMetadata) {
  DeployMetadata m{"0123abc", "https://github.com/o/r/actions/runs/9", "dependabot[bot]"};
  auto tags = deploy_tags(
      {{"team", "web"}, {"aws:cloudformation:stack-name", "s"}, {"ecsdeploy:git-sha", "stale"}},
      "sha-new", m);
  ASSERT_TRUE(tags.ok());
  std::vector<services::Tag> expected = {
      {"team", "web"},
      {"ecsdeploy:image-tag", "sha-new"},
      {"ecsdeploy:git-sha", "0123abc"},
      {"ecsdeploy:run-url", "https://github.com/o/r/actions/runs/9"},
      {"ecsdeploy:actor", "dependabot_bot_"}};
  EXPECT_EQ(*tags, expected);
}

TEST(DeployTags, LimitOfFifty) {
  std::vector<services::Tag> base;
  for (int i = 0; i < 49; ++i) {
    base.push_back({"k" + std::to_string(i), "v"});
  }
  EXPECT_TRUE(deploy_tags(base, "t", {}).ok());
  base.push_back({"k49", "v"});
  auto r = deploy_tags(base, "t", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, util::ErrorKind::InvalidInput);
}

TEST(SanitizeTagValue, AllowedCharactersAndLength) {
  EXPECT_EQ(sanitize_tag_value("a b_c.d:e/f=g+h-i@j"), "a b_c.d:e/f=g+h-i@j");
  EXPECT_EQ(sanitize_tag_value("x#y\"z"), "x_y_z");
  EXPECT_EQ(sanitize_tag_value(std::string(300, 'a')).size(), 256u);
}

TEST(MetadataFromEnv, GitHubActionsVariables) {
  util::MapEnv env({{"GITHUB_SHA", "abc"},
                    {"GITHUB_ACTOR", "alice"},
                    {"GITHUB_SERVER_URL", "https://github.com"},
                    {"GITHUB_REPOSITORY", "o/r"},
                    {"GITHUB_RUN_ID", "42"},
                    {"GITHUB_RUN_ATTEMPT", "2"}});
  DeployMetadata m = metadata_from_env(env);
  EXPECT_EQ(m.git_sha, "abc");
  EXPECT_EQ(m.actor, "alice");
  EXPECT_EQ(m.run_url, "https://github.com/o/r/actions/runs/42/attempts/2");
  DeployMetadata none = metadata_from_env(util::MapEnv{});
  EXPECT_TRUE(none.git_sha.empty() && none.run_url.empty() && none.actor.empty());
}

TEST(VerifyRegistered, AcceptsEchoAndFlagsChanges) {
  Json described = Json::parse(k_described);
  auto swapped = swap_image(described, "web", "sha-new");
  ASSERT_TRUE(swapped.ok());
  Json registered = swapped->definition;
  registered["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8";
  registered["revision"] = 8;
  registered["status"] = "ACTIVE";
  EXPECT_TRUE(verify_registered(swapped->definition, registered).empty());

  Json lost = registered;
  lost.erase("pidMode");
  lost["containerDefinitions"][1]["environment"][0].erase("value");
  auto problems = verify_registered(swapped->definition, lost);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].path, "containerDefinitions[web].environment[EMPTY].value");
  EXPECT_EQ(problems[0].after, "");
  EXPECT_EQ(problems[1].path, "pidMode");
}

TEST(DiffTags, AddedChangedRemoved) {
  auto d = diff_tags({{"a", "1"}, {"b", "2"}}, {{"b", "3"}, {"c", ""}});
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].path, "tags[a]");
  EXPECT_EQ(d[0].after, "");
  EXPECT_EQ(d[1].path, "tags[b]");
  EXPECT_EQ(d[1].after, "\"3\"");
  EXPECT_EQ(d[2].path, "tags[c]");
  EXPECT_EQ(d[2].after, "\"\"");
}

}  // namespace
}  // namespace engine
