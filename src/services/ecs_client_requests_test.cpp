// The exact request bodies the clients send, byte for byte, with every optional member set and
// with none set: a refactoring of how requests are built must not change one byte.

#include <gtest/gtest.h>

#include "services/ecr_client.h"
#include "services/ecs_client.h"
#include "services/testing/fake_client_test_base.h"

namespace services {
namespace {

class RequestBodyTest : public testing_support::FakeClientTestBase {
 protected:
  RequestBodyTest() {
    transport.set_handler([](const aws::HttpRequest&) -> util::Result<aws::HttpResponse> {
      return aws::HttpResponse{200, {}, "{}"};
    });
  }
  // The bodies sent since the last call, in order.
  std::vector<std::string> sent() {
    std::vector<std::string> out;
    for (size_t i = m_seen; i < transport.requests().size(); ++i) {
      out.push_back(transport.requests()[i].body);
    }
    m_seen = transport.requests().size();
    return out;
  }

 private:
  size_t m_seen = 0;
};

std::vector<std::string> names(const std::string& prefix, int first, int count) {
  std::vector<std::string> out;
  for (int i = first; i < first + count; ++i) {
    out.push_back(prefix + std::to_string(i));
  }
  return out;
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& s : items) {
    out += (out.size() > 1 ? ",\"" : "\"") + s + "\"";
  }
  return out + "]";
}

using Bodies = std::vector<std::string>;

TEST_F(RequestBodyTest, DescribeCallsBatchAtTheApiLimits) {
  EcsClient ecs(*client);
  ASSERT_TRUE(ecs.describe_clusters({"a", "b"}).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"clusters":["a","b"]})"}));

  ASSERT_TRUE(ecs.describe_services("", names("s", 0, 11)).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"services":)" + json_strings(names("s", 0, 10)) + "}",
                            R"({"services":["s10"]})"}));
  ASSERT_TRUE(ecs.describe_services("stg", {"web"}, true).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"cluster":"stg","services":["web"],"include":["TAGS"]})"}));

  ASSERT_TRUE(ecs.describe_tasks("", names("t", 0, 101)).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"tasks":)" + json_strings(names("t", 0, 100)) + "}",
                            R"({"tasks":["t100"]})"}));
  ASSERT_TRUE(ecs.describe_tasks("c", {"t"}).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"cluster":"c","tasks":["t"]})"}));

  ASSERT_TRUE(ecs.describe_service_deployments(names("d", 0, 21)).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"serviceDeploymentArns":)" + json_strings(names("d", 0, 20)) + "}",
                            R"({"serviceDeploymentArns":["d20"]})"}));
  ASSERT_TRUE(ecs.describe_service_revisions(names("r", 0, 21)).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"serviceRevisionArns":)" + json_strings(names("r", 0, 20)) + "}",
                            R"({"serviceRevisionArns":["r20"]})"}));

  ASSERT_TRUE(ecs.describe_services("stg", {}).ok());
  ASSERT_TRUE(ecs.describe_tasks("stg", {}).ok());
  EXPECT_EQ(sent(), Bodies{});  // nothing to describe: no call
}

TEST_F(RequestBodyTest, ListCallsSendOnlyWhatIsSet) {
  EcsClient ecs(*client);
  ASSERT_TRUE(ecs.list_services("stg").ok());
  ASSERT_TRUE(ecs.list_services("stg", 5, "tok").ok());
  EXPECT_EQ(sent(), (Bodies{R"({"cluster":"stg"})",
                            R"({"cluster":"stg","maxResults":5,"nextToken":"tok"})"}));

  ListTaskDefinitionsRequest defs;
  defs.status = "";
  defs.newest_first = false;
  ASSERT_TRUE(ecs.list_task_definitions(defs).ok());
  ASSERT_TRUE(ecs.list_task_definitions({"web", "INACTIVE", true, 7, "n"}).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"sort":"ASC"})",
                            R"({"familyPrefix":"web","status":"INACTIVE","sort":"DESC",)"
                            R"("maxResults":7,"nextToken":"n"})"}));

  ASSERT_TRUE(ecs.list_tasks({}).ok());
  ASSERT_TRUE(ecs.list_tasks({"c", "web", "fam", "STOPPED", 9, "n"}).ok());
  EXPECT_EQ(sent(), (Bodies{"{}", R"({"cluster":"c","serviceName":"web","family":"fam",)"
                                  R"("desiredStatus":"STOPPED","maxResults":9,"nextToken":"n"})"}));

  ListServiceDeploymentsRequest deployments;
  deployments.service = "web";
  ASSERT_TRUE(ecs.list_service_deployments(deployments).ok());
  ASSERT_TRUE(
      ecs.list_service_deployments({"c", "web", {"SUCCESSFUL", "ROLLBACK_SUCCESSFUL"}, 3, "n"})
          .ok());
  EXPECT_EQ(sent(), (Bodies{R"({"service":"web"})",
                            R"({"service":"web","cluster":"c","status":["SUCCESSFUL",)"
                            R"("ROLLBACK_SUCCESSFUL"],"maxResults":3,"nextToken":"n"})"}));
}

TEST_F(RequestBodyTest, UpdateServiceAndEcr) {
  EcsClient ecs(*client);
  UpdateServiceRequest update;
  update.service = "web";
  ASSERT_TRUE(ecs.update_service(update).ok());
  ASSERT_TRUE(ecs.update_service({"c", "web", "web:3", 2, true}).ok());
  EXPECT_EQ(sent(), (Bodies{R"({"service":"web"})",
                            R"({"cluster":"c","service":"web","desiredCount":2,)"
                            R"("taskDefinition":"web:3","forceNewDeployment":true})"}));

  EcrClient ecr(*client);
  (void)ecr.describe_image_by_tag("", "web", "v1");
  (void)ecr.describe_image_by_tag("123456789012", "web", "v1");
  EXPECT_EQ(sent(), (Bodies{R"({"repositoryName":"web","imageIds":[{"imageTag":"v1"}]})",
                            R"({"registryId":"123456789012","repositoryName":"web",)"
                            R"("imageIds":[{"imageTag":"v1"}]})"}));
}

}  // namespace
}  // namespace services
