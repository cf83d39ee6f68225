// Bad input at the front door and in the ECS/ECR/Logs actions answers as AWS does.
#include <gtest/gtest.h>

#include "tests/harness.h"

namespace emulator::testing {
namespace {

HttpRequest json_request(const std::string& target, const std::string& body) {
  HttpRequest req;
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", target}};
  req.body = body;
  return req;
}

const char* k_ecs = "AmazonEC2ContainerServiceV20141113.";

TEST(FrontDoor, MalformedJsonIsSerializationException) {
  Harness h;
  Json r = h.send(json_request(std::string(k_ecs) + "DescribeClusters", "{not json"));
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(r["__type"], "SerializationException");
  EXPECT_TRUE(r.contains("message"));
}

TEST(FrontDoor, WrongContentTypeAndUnknownTarget) {
  Harness h;
  HttpRequest req = json_request(std::string(k_ecs) + "DescribeClusters", "{}");
  req.headers[0].second = "application/json";
  EXPECT_EQ(h.send(req)["__type"], "UnknownOperationException");
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(h.send(json_request(std::string(k_ecs) + "LaunchRockets", "{}"))["__type"],
            "UnknownOperationException");
  EXPECT_EQ(h.send(json_request("NoSuchService_2020.Op", "{}"))["__type"],
            "UnknownOperationException");
}

TEST(FrontDoor, OversizedBodyIs413) {
  Harness h;
  std::string big = "{\"x\":\"" + std::string(2 * 1024 * 1024, 'a') + "\"}";
  Json r = h.send(json_request(std::string(k_ecs) + "DescribeClusters", big));
  EXPECT_EQ(h.status(), 413);
  EXPECT_EQ(r["__type"], "RequestEntityTooLargeException");
}

TEST(FrontDoor, WrongMemberTypeIsSerializationException) {
  Harness h;
  Json r =
      h.call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", "2"}});
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(r["__type"], "SerializationException");
}

TEST(FrontDoor, WrongTypeAtAnyDepthIsSerializationExceptionNamingThePath) {
  Harness h;
  Json r = h.call("CreateService",
                  {{"cluster", "demo"},
                   {"serviceName", "api"},
                   {"taskDefinition", "web"},
                   {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", "subnet-1"}}}}}});
  EXPECT_EQ(h.status(), 400);
  EXPECT_EQ(r["__type"], "SerializationException");
  EXPECT_EQ(r["message"],
            "Unexpected value for member 'networkConfiguration.awsvpcConfiguration.subnets': "
            "expected a list (JSON array)");
  // A member the emulator would store verbatim is checked too.
  r = h.call(
      "RegisterTaskDefinition",
      {{"family", "api"},
       {"containerDefinitions",
        {{{"name", "app"}, {"image", "nginx"}, {"portMappings", {{{"containerPort", "80"}}}}}}}});
  EXPECT_EQ(r["__type"], "SerializationException");
  EXPECT_EQ(r["message"],
            "Unexpected value for member 'containerDefinitions[0].portMappings[0].containerPort': "
            "expected an integer");
  h.call("DescribeTaskDefinition", {{"taskDefinition", "api"}});
  EXPECT_EQ(h.status(), 400);
}

Json valid_task_definition() {
  return {{"family", "api"},
          {"containerDefinitions", {{{"name", "app"}, {"image", "nginx:1.25"}}}}};
}

TEST(RegisterTaskDefinition, RejectsReadOnlyAndUnknownFields) {
  Harness h;
  Json td = valid_task_definition();
  td["registeredAt"] = 1.7e9;
  EXPECT_EQ(h.call("RegisterTaskDefinition", td)["__type"], "InvalidParameterException");
  td = valid_task_definition();
  td["notAField"] = true;
  EXPECT_EQ(h.call("RegisterTaskDefinition", td)["__type"], "InvalidParameterException");
}

TEST(RegisterTaskDefinition, EnforcesNamesSizeAndContainerCount) {
  Harness h;
  Json td = valid_task_definition();
  td["family"] = "bad name!";
  EXPECT_EQ(h.call("RegisterTaskDefinition", td)["__type"], "ClientException");
  td = valid_task_definition();
  for (int i = 0; i < 10; ++i) {
    td["containerDefinitions"].push_back({{"name", "c" + std::to_string(i)}, {"image", "x:1"}});
  }
  EXPECT_EQ(h.call("RegisterTaskDefinition", td)["__type"], "ClientException");
  td = valid_task_definition();
  td["containerDefinitions"][0]["environment"] = {
      {{"name", "BIG"}, {"value", std::string(70 * 1024, 'x')}}};
  Json r = h.call("RegisterTaskDefinition", td);
  EXPECT_EQ(r["__type"], "ClientException");
  EXPECT_NE(r["message"].get<std::string>().find("65536"), std::string::npos);
}

TEST(RegisterTaskDefinition, KeepsUnknownNestedFieldsAndTags) {
  Harness h;
  Json td = valid_task_definition();
  td["containerDefinitions"][0]["futureSetting"] = {{"x", 1}};
  td["pidMode"] = "task";
  td["tags"] = {{{"key", "git-sha"}, {"value", "abc123"}}};
  Json r = h.call("RegisterTaskDefinition", td);
  ASSERT_EQ(h.status(), 200) << r.dump();
  EXPECT_EQ(r["taskDefinition"]["revision"], 1);
  Json d = h.call("DescribeTaskDefinition", {{"taskDefinition", "api:1"}, {"include", {"TAGS"}}});
  EXPECT_EQ(d["taskDefinition"]["containerDefinitions"][0]["futureSetting"]["x"], 1);
  EXPECT_EQ(d["taskDefinition"]["pidMode"], "task");
  EXPECT_EQ(d["tags"][0]["value"], "abc123");
  EXPECT_FALSE(h.call("DescribeTaskDefinition", {{"taskDefinition", "api"}}).contains("tags"));
}

TEST(DescribeTaskDefinition, UnknownIsClientException) {
  Harness h;
  Json r = h.call("DescribeTaskDefinition", {{"taskDefinition", "nope:3"}});
  EXPECT_EQ(r["__type"], "ClientException");
  EXPECT_EQ(r["message"], "Unable to describe task definition.");
  Json by_arn =
      h.call("DescribeTaskDefinition",
             {{"taskDefinition", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"}});
  EXPECT_EQ(by_arn["taskDefinition"]["family"], "web");
}

TEST(ListTaskDefinitions, SortsFiltersAndPages) {
  Harness h;
  for (int i = 0; i < 4; ++i) {
    Json td = valid_task_definition();
    td["family"] = "web";
    h.call("RegisterTaskDefinition", td);
  }
  h.call("DeregisterTaskDefinition", {{"taskDefinition", "web:2"}});
  Json desc =
      h.call("ListTaskDefinitions", {{"familyPrefix", "web"}, {"sort", "DESC"}, {"maxResults", 2}});
  ASSERT_EQ(desc["taskDefinitionArns"].size(), 2u);
  EXPECT_NE(desc["taskDefinitionArns"][0].get<std::string>().find("web:5"), std::string::npos);
  ASSERT_TRUE(desc.contains("nextToken"));
  Json page2 = h.call("ListTaskDefinitions", {{"familyPrefix", "web"},
                                              {"sort", "DESC"},
                                              {"maxResults", 2},
                                              {"nextToken", desc["nextToken"]}});
  EXPECT_EQ(page2["taskDefinitionArns"].size(), 2u);  // 3 and 1: revision 2 is INACTIVE
  EXPECT_FALSE(page2.contains("nextToken"));
  Json inactive = h.call("ListTaskDefinitions", {{"status", "INACTIVE"}});
  ASSERT_EQ(inactive["taskDefinitionArns"].size(), 1u);
  h.call("ListTaskDefinitions", {{"maxResults", 0}});
  EXPECT_EQ(h.status(), 400);
}

TEST(Services, MissingThingsAnswerLikeEcs) {
  Harness h;
  Json r = h.call("DescribeServices", {{"cluster", "demo"}, {"services", {"web", "ghost"}}});
  EXPECT_EQ(r["services"].size(), 1u);
  EXPECT_EQ(r["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(r["failures"][0]["arn"], "arn:aws:ecs:us-east-1:123456789012:service/demo/ghost");
  EXPECT_EQ(h.call("DescribeServices", {{"cluster", "nope"}, {"services", {"web"}}})["__type"],
            "ClusterNotFoundException");
  Json eleven = Json::array();
  for (int i = 0; i < 11; ++i) {
    eleven.push_back("s" + std::to_string(i));
  }
  EXPECT_EQ(h.call("DescribeServices", {{"cluster", "demo"}, {"services", eleven}})["__type"],
            "InvalidParameterException");
  EXPECT_EQ(h.call("UpdateService", {{"cluster", "demo"}, {"service", "ghost"}})["__type"],
            "ServiceNotFoundException");
  Json clusters = h.call("DescribeClusters", {{"clusters", {"demo", "nope"}}});
  EXPECT_EQ(clusters["clusters"][0]["activeServicesCount"], 1);
  EXPECT_EQ(clusters["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(h.call("UpdateService",
                   {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", -1}})["__type"],
            "InvalidParameterException");
}

TEST(Services, DrainingServiceIsNotActive) {
  Json scenario = base_scenario();
  scenario["services"][0]["status"] = "DRAINING";
  Harness h(scenario);
  EXPECT_EQ(h.call("UpdateService",
                   {{"cluster", "demo"}, {"service", "web"}, {"desiredCount", 1}})["__type"],
            "ServiceNotActiveException");
}

TEST(Tags, TagAndListOnAService) {
  Harness h;
  std::string arn = "arn:aws:ecs:us-east-1:123456789012:service/demo/web";
  h.call("TagResource", {{"resourceArn", arn}, {"tags", {{{"key", "team"}, {"value", "a"}}}}});
  ASSERT_EQ(h.status(), 200);
  EXPECT_EQ(h.call("ListTagsForResource", {{"resourceArn", arn}})["tags"][0]["key"], "team");
  h.call("TagResource", {{"resourceArn", arn}, {"tags", {{{"key", "aws:x"}, {"value", "a"}}}}});
  EXPECT_EQ(h.status(), 400);
}

TEST(Ecr, ImagesByTagAndMissingOnes) {
  Harness h;
  Json ok = h.call("DescribeImages",
                   {{"repositoryName", "web"}, {"imageIds", {{{"imageTag", "v2"}}}}}, "ecr");
  ASSERT_EQ(h.status(), 200) << ok.dump();
  EXPECT_EQ(ok["imageDetails"][0]["imageTags"][0], "v2");
  EXPECT_EQ(ok["imageDetails"][0]["imageDigest"].get<std::string>().rfind("sha256:", 0), 0u);
  Json missing = h.call("DescribeImages",
                        {{"repositoryName", "web"}, {"imageIds", {{{"imageTag", "v404"}}}}}, "ecr");
  EXPECT_EQ(missing["__type"], "ImageNotFoundException");
  Json no_repo = h.call("DescribeImages", {{"repositoryName", "nope"}}, "ecr");
  EXPECT_EQ(no_repo["__type"], "RepositoryNotFoundException");
  Json batch = h.call(
      "BatchGetImage",
      {{"repositoryName", "web"}, {"imageIds", {{{"imageTag", "v1"}}, {{"imageTag", "zzz"}}}}},
      "ecr");
  EXPECT_EQ(batch["images"].size(), 1u);
  EXPECT_EQ(batch["failures"][0]["failureCode"], "ImageNotFound");
  Json put = h.call("PutImage",
                    {{"repositoryName", "web"}, {"imageManifest", "{\"m\":1}"}, {"imageTag", "v9"}},
                    "ecr");
  ASSERT_EQ(h.status(), 200) << put.dump();
  h.call("DescribeImages", {{"repositoryName", "web"}, {"imageIds", {{{"imageTag", "v9"}}}}},
         "ecr");
  EXPECT_EQ(h.status(), 200);
}

TEST(Logs, GetLogEventsPagesAndEndsWithTheSentToken) {
  Harness h;
  h.call("CreateLogStream", {{"logGroupName", "/ecs/web"}, {"logStreamName", "s"}}, "logs");
  Json events = Json::array();
  for (int i = 0; i < 5; ++i) {
    events.push_back({{"timestamp", 1000 + i}, {"message", "m" + std::to_string(i)}});
  }
  h.call("PutLogEvents",
         {{"logGroupName", "/ecs/web"}, {"logStreamName", "s"}, {"logEvents", events}}, "logs");
  ASSERT_EQ(h.status(), 200);
  Json base = {
      {"logGroupName", "/ecs/web"}, {"logStreamName", "s"}, {"limit", 2}, {"startFromHead", true}};
  std::vector<std::string> seen;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    Json req = base;
    if (!token.empty()) {
      req["nextToken"] = token;
    }
    Json r = h.call("GetLogEvents", req, "logs");
    for (const auto& e : r["events"]) {
      seen.push_back(e["message"]);
    }
    if (r["nextForwardToken"] == token) {
      break;
    }
    token = r["nextForwardToken"];
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4"}));
  // Default (from the tail): the last `limit` events.
  Json tail = h.call("GetLogEvents",
                     {{"logGroupName", "/ecs/web"}, {"logStreamName", "s"}, {"limit", 2}}, "logs");
  EXPECT_EQ(tail["events"][0]["message"], "m3");
  Json back = h.call("GetLogEvents",
                     {{"logGroupName", "/ecs/web"},
                      {"logStreamName", "s"},
                      {"limit", 2},
                      {"nextToken", tail["nextBackwardToken"]}},
                     "logs");
  EXPECT_EQ(back["events"][0]["message"], "m1");
  EXPECT_EQ(
      h.call("GetLogEvents", {{"logGroupName", "/nope"}, {"logStreamName", "s"}}, "logs")["__type"],
      "ResourceNotFoundException");
}

}  // namespace
}  // namespace emulator::testing
