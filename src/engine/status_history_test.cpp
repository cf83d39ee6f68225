#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/history.h"
#include "engine/status.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class StatusHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup();
    aws.on_describe_services = [](FakeAws& f) {
      if (f.primary()["rolloutState"] == "IN_PROGRESS") {
        f.complete_rollout();
      }
    };
  }
  void deploy_tag(const std::string& tag) {
    DeployOptions d;
    d.cluster = "stg";
    d.service = "web";
    d.container = "app";
    d.image_tag = tag;
    d.desired_count = 2;
    d.metadata = {"sha-" + tag, "https://github.com/o/r/actions/runs/" + tag, "alice"};
    auto clients = aws.clients();
    ASSERT_EQ(deploy(clients, clock, reporter, d).outcome, Outcome::Succeeded) << reporter.dump();
  }
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
};

TEST_F(StatusHistoryTest, StatusShowsRevisionImagesAndServiceDeployment) {
  deploy_tag("v2");
  auto clients = aws.clients();
  auto r = status(clients, {"stg", "web", 10});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->task_definition, aws.td_arn("web", 2));
  ASSERT_EQ(r->images.size(), 1u);
  EXPECT_EQ(r->images[0].image, aws.registry() + "/web:v2");
  EXPECT_EQ(r->deployments.size(), 1u);
  ASSERT_TRUE(r->current_service_deployment.has_value());
  EXPECT_EQ(r->current_service_deployment->status, "SUCCESSFUL");
  EXPECT_EQ(r->current_service_deployment->target_task_definition, aws.td_arn("web", 2));
  EXPECT_FALSE(r->events.empty());
}

TEST_F(StatusHistoryTest, StatusOfMissingServiceIsNotFound) {
  auto clients = aws.clients();
  auto r = status(clients, {"stg", "nope", 10});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, util::ErrorKind::NotFound);
}

// ECS says only "Cluster not found."; the user must learn which name was wrong.
TEST_F(StatusHistoryTest, MissingClusterIsNamedByStatusAndHistory) {
  auto clients = aws.clients();
  auto st = status(clients, {"nope", "web", 10});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, util::ErrorKind::NotFound);
  EXPECT_EQ(st.error().code, "ClusterNotFoundException");
  EXPECT_NE(st.error().message.find("cluster 'nope' not found"), std::string::npos)
      << st.error().message;
  HistoryOptions h;
  h.cluster = "nope";
  h.service = "web";
  auto hi = history(clients, h);
  ASSERT_FALSE(hi.ok());
  EXPECT_NE(hi.error().message.find("cluster 'nope' not found"), std::string::npos)
      << hi.error().message;
}

TEST_F(StatusHistoryTest, HistoryNewestFirstWithMetadataAndDeployments) {
  deploy_tag("v2");
  deploy_tag("v3");
  auto clients = aws.clients();
  auto before = aws.transport.requests().size();
  HistoryOptions o;
  o.cluster = "stg";
  o.service = "web";
  o.limit = 2;
  auto r = history(clients, o);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->entries.size(), 2u);
  EXPECT_EQ(r->entries[0].revision, 3);
  EXPECT_EQ(r->entries[0].image_tag, "v3");
  EXPECT_EQ(r->entries[0].git_sha, "sha-v3");
  EXPECT_EQ(r->entries[0].run_url, "https://github.com/o/r/actions/runs/v3");
  EXPECT_TRUE(r->entries[0].running_now);
  ASSERT_EQ(r->entries[0].deployments.size(), 1u);
  EXPECT_EQ(r->entries[0].deployments[0].status, "SUCCESSFUL");
  EXPECT_EQ(r->entries[0].deployments[0].strategy, "ROLLING");
  EXPECT_FALSE(r->entries[0].deployments[0].rolled_back);
  EXPECT_EQ(r->entries[1].revision, 2);
  EXPECT_FALSE(r->entries[1].running_now);
  // Cost proportional to the limit: DescribeServices, ListTaskDefinitions, 2 describes,
  // ListServiceDeployments, DescribeServiceRevisions, DescribeServiceDeployments (strategy and
  // rollback of each, 20 a call).
  EXPECT_EQ(aws.transport.requests().size() - before, 7u);
}

}  // namespace
}  // namespace engine
