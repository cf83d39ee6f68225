#include "services/ecs_client.h"

#include <gtest/gtest.h>

#include "services/ecr_client.h"
#include "services/logs_client.h"
#include "services/testing/fake_client_test_base.h"

namespace services {
namespace {

using Json = nlohmann::ordered_json;

class ClientTest : public testing_support::FakeClientTestBase {
 protected:
  Json body(size_t i) const { return Json::parse(transport.requests().at(i).body); }
  std::string target(size_t i) const {
    return aws::find_header(transport.requests().at(i).headers, "X-Amz-Target").value_or("");
  }
};

TEST_F(ClientTest, DescribeServicesBatchesByTen) {
  EcsClient ecs(*client);
  std::vector<std::string> names;
  for (int i = 0; i < 23; ++i) {
    names.push_back("s" + std::to_string(i));
  }
  for (int i = 0; i < 3; ++i) {
    transport.push(
        200,
        R"({"services":[{"serviceName":"x","status":"ACTIVE"}],"failures":[{"arn":"y","reason":"MISSING"}]})");
  }
  auto r = ecs.describe_services("stg", names, true);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(transport.requests().size(), 3u);
  EXPECT_EQ(target(0), "AmazonEC2ContainerServiceV20141113.DescribeServices");
  EXPECT_EQ(body(0)["services"].size(), 10u);
  EXPECT_EQ(body(2)["services"].size(), 3u);
  EXPECT_EQ(body(0)["cluster"], "stg");
  EXPECT_EQ(body(0)["include"], Json::array({"TAGS"}));
  EXPECT_EQ(r->services.size(), 3u);
  EXPECT_EQ(r->failures.size(), 3u);
}

TEST_F(ClientTest, UpdateServiceSendsOnlyWhatIsSet) {
  EcsClient ecs(*client);
  transport.push(200, R"({"service":{"serviceName":"web","desiredCount":0}})");
  UpdateServiceRequest req;
  req.cluster = "stg";
  req.service = "web";
  req.desired_count = 0;
  auto r = ecs.update_service(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(body(0).dump(), R"({"cluster":"stg","service":"web","desiredCount":0})");

  transport.push(200, R"({"service":{}})");
  req.task_definition = "arn:td/web:3";
  req.force_new_deployment = true;
  ASSERT_TRUE(ecs.update_service(req).ok());
  EXPECT_EQ(
      body(1).dump(),
      R"({"cluster":"stg","service":"web","desiredCount":0,"taskDefinition":"arn:td/web:3","forceNewDeployment":true})");
}

TEST_F(ClientTest, RegisterTaskDefinitionSendsTheDefinitionAndOurTags) {
  EcsClient ecs(*client);
  transport.push(
      200,
      R"({"taskDefinition":{"family":"web","revision":4,"taskDefinitionArn":"arn:td/web:4"},"tags":[{"key":"a","value":"b"}]})");
  Json def = Json::parse(
      R"({"family":"web","containerDefinitions":[],"pidMode":"","tags":[{"key":"old","value":"x"}]})");
  auto r = ecs.register_task_definition(def, {{"a", "b"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->revision, 4);
  EXPECT_EQ(
      body(0).dump(),
      R"({"family":"web","containerDefinitions":[],"pidMode":"","tags":[{"key":"a","value":"b"}]})");
}

TEST_F(ClientTest, DescribeTaskDefinitionAsksForTagsAndPassesErrorsThrough) {
  EcsClient ecs(*client);
  transport.push(400,
                 R"({"__type":"ClientException","message":"Unable to describe task definition."})");
  auto r = ecs.describe_task_definition("nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ClientException");
  EXPECT_EQ(body(0).dump(), R"({"taskDefinition":"nope","include":["TAGS"]})");
}

TEST_F(ClientTest, AGarbageTaskDefinitionListingIsMalformedNotEmpty) {
  EcsClient ecs(*client);
  for (const char* garbage : {R"({"taskDefinitionArns":"a:3"})", R"({"taskDefinitionArns":[1]})",
                              R"({"taskDefinitionArns":[""]})", R"({"items":["a:3"]})"}) {
    transport.push(200, garbage);
    auto r = ecs.list_task_definitions({});
    ASSERT_FALSE(r.ok()) << garbage;
    EXPECT_EQ(r.error().kind, util::ErrorKind::ProtocolError);
    EXPECT_NE(r.error().message.find("ListTaskDefinitions answered a malformed listing"),
              std::string::npos)
        << r.error().message;
  }
  for (const char* empty : {R"({})", R"({"taskDefinitionArns":[]})"}) {
    transport.push(200, empty);
    auto r = ecs.list_task_definitions({});
    ASSERT_TRUE(r.ok()) << empty;
    EXPECT_TRUE(r->arns.empty());
  }
}

TEST_F(ClientTest, ListTaskDefinitionsNewestFirstWithLimit) {
  EcsClient ecs(*client);
  transport.push(200, R"({"taskDefinitionArns":["a:3","a:2"],"nextToken":"t"})");
  ListTaskDefinitionsRequest req;
  req.family_prefix = "a";
  req.max_results = 2;
  auto r = ecs.list_task_definitions(req);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->arns, (std::vector<std::string>{"a:3", "a:2"}));
  EXPECT_EQ(r->next_token, "t");
  EXPECT_EQ(body(0).dump(),
            R"({"familyPrefix":"a","status":"ACTIVE","sort":"DESC","maxResults":2})");
}

TEST_F(ClientTest, StopServiceDeploymentAndTags) {
  EcsClient ecs(*client);
  transport.push(200, R"({"serviceDeploymentArn":"arn:sd/1"})");
  auto stopped = ecs.stop_service_deployment("arn:sd/1", "ROLLBACK");
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(body(0).dump(), R"({"serviceDeploymentArn":"arn:sd/1","stopType":"ROLLBACK"})");
  transport.push(200, "{}");
  ASSERT_TRUE(ecs.tag_resource("arn:svc", {{"k", "1"}}).ok());
  EXPECT_EQ(body(1).dump(), R"({"resourceArn":"arn:svc","tags":[{"key":"k","value":"1"}]})");
}

TEST_F(ClientTest, ContinueServiceDeploymentSendsHookAndAction) {
  EcsClient ecs(*client);
  transport.push(200, R"({"serviceDeploymentArn":"arn:sd/1"})");
  auto r = ecs.continue_service_deployment("arn:sd/1", "h-9", "ROLLBACK");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, "arn:sd/1");
  EXPECT_EQ(target(0), "AmazonEC2ContainerServiceV20141113.ContinueServiceDeployment");
  EXPECT_EQ(body(0).dump(),
            R"({"serviceDeploymentArn":"arn:sd/1","hookId":"h-9","action":"ROLLBACK"})");
}

TEST_F(ClientTest, EcrDescribeImageByTag) {
  EcrClient ecr(*client);
  transport.push(
      200,
      R"({"imageDetails":[{"imageDigest":"sha256:ab","imageTags":["v1"],"imagePushedAt":1700000000}]})");
  auto found = ecr.describe_image_by_tag("123456789012", "team/web", "v1");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->digest, "sha256:ab");
  EXPECT_EQ(target(0), "AmazonEC2ContainerRegistry_V20150921.DescribeImages");
  EXPECT_EQ(
      body(0).dump(),
      R"({"registryId":"123456789012","repositoryName":"team/web","imageIds":[{"imageTag":"v1"}]})");
  transport.push(400, R"({"__type":"ImageNotFoundException","message":"not found"})");
  auto missing = ecr.describe_image_by_tag("", "team/web", "v9");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ImageNotFoundException");
  transport.push(200, R"({"imageDetails":[]})");
  auto empty = ecr.describe_image_by_tag("", "team/web", "v9");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "ImageNotFoundException");
}

// {"imageDetails":[{}]} for a tag that is not in ECR used to pass the preflight with an empty
// digest: only an entry carrying the tag and a digest counts.
TEST_F(ClientTest, EcrAnswerWithoutTheTagOrADigestIsNotAnImage) {
  EcrClient ecr(*client);
  for (const char* answer : {R"({"imageDetails":[{}]})",
                             R"({"imageDetails":[{"imageDigest":"sha256:ab","imageTags":["v1"]}]})",
                             R"({"imageDetails":{"imageTags":["v9.9.9"]}})"}) {
    transport.push(200, answer);
    auto r = ecr.describe_image_by_tag("", "team/web", "v9.9.9");
    ASSERT_FALSE(r.ok()) << answer;
    EXPECT_EQ(r.error().code, "ImageNotFoundException") << answer;
    EXPECT_EQ(r.error().kind, util::ErrorKind::NotFound) << answer;
  }
  transport.push(200, R"({"imageDetails":[{"imageTags":["v9.9.9"]}]})");
  auto no_digest = ecr.describe_image_by_tag("", "team/web", "v9.9.9");
  ASSERT_FALSE(no_digest.ok());
  EXPECT_EQ(no_digest.error().kind, util::ErrorKind::ProtocolError);
  EXPECT_EQ(no_digest.error().message,
            "DescribeImages: the entry for tag 'v9.9.9' in 'team/web' has no imageDigest");
  // The matching entry is used even when it is not the first.
  transport.push(200, R"({"imageDetails":[{"imageDigest":"sha256:00","imageTags":["old"]},)"
                      R"({"imageDigest":"sha256:99","imageTags":["x","v9.9.9"]}]})");
  auto second = ecr.describe_image_by_tag("", "team/web", "v9.9.9");
  ASSERT_TRUE(second.ok()) << second.error().describe();
  EXPECT_EQ(second->digest, "sha256:99");
}

TEST_F(ClientTest, LogsTailKeepsTheLastLines) {
  LogsClient logs(*client);
  transport.push(
      200,
      R"({"events":[{"timestamp":1,"message":"a"},{"timestamp":2,"message":"b"},{"timestamp":3,"message":"c"}]})");
  auto tail = logs.tail("/ecs/web", "web/app/123", 2);
  ASSERT_TRUE(tail.ok());
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_EQ((*tail)[0].message, "b");
  EXPECT_EQ((*tail)[1].timestamp_ms, 3);
  EXPECT_EQ(target(0), "Logs_20140328.GetLogEvents");
  EXPECT_EQ(
      body(0).dump(),
      R"({"logGroupName":"/ecs/web","logStreamName":"web/app/123","limit":2,"startFromHead":false})");
}

}  // namespace
}  // namespace services
