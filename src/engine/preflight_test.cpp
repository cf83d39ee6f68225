#include "engine/preflight.h"

#include <gtest/gtest.h>

#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class PreflightTest : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup();
    in.cluster = "stg";
    in.service = "web";
    in.container = "app";
    in.image_tag = "v2";
  }
  PreflightResult run() {
    auto clients = aws.clients();
    return run_preflight(clients, reporter, in);
  }
  // The DescribeImages requests' Authorization headers.
  std::vector<std::string> ecr_signatures() const {
    std::vector<std::string> out;
    for (const auto& r : aws.transport.requests()) {
      if (aws::find_header(r.headers, "X-Amz-Target").value_or("").ends_with("DescribeImages")) {
        out.push_back(aws::find_header(r.headers, "Authorization").value_or(""));
      }
    }
    return out;
  }

  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  PreflightInput in;
};

std::string in_eu_west_1(FakeAws& aws) {
  return aws.account + ".dkr.ecr.eu-west-1.amazonaws.com/web:v1";
}

TEST_F(PreflightTest, TheTagIsCheckedInTheImagesRegion) {
  aws.revisions["web"][0]["containerDefinitions"][0]["image"] = in_eu_west_1(aws);
  PreflightResult r = run();
  ASSERT_TRUE(r.ok()) << reporter.dump();
  auto signatures = ecr_signatures();
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_NE(signatures[0].find("/eu-west-1/ecr/aws4_request"), std::string::npos) << signatures[0];
}

// With --repository the tag is checked early in the session's region; when the container's
// image turns out to live elsewhere, it is checked again there.
TEST_F(PreflightTest, AnEarlyCheckInTheWrongRegionIsRedone) {
  aws.revisions["web"][0]["containerDefinitions"][0]["image"] = in_eu_west_1(aws);
  in.repository = "web";
  PreflightResult r = run();
  ASSERT_TRUE(r.ok()) << reporter.dump();
  auto signatures = ecr_signatures();
  ASSERT_EQ(signatures.size(), 2u);
  EXPECT_NE(signatures[1].find("/eu-west-1/ecr/aws4_request"), std::string::npos) << signatures[1];
}

TEST_F(PreflightTest, AnImageInTheSessionRegionIsCheckedOnce) {
  in.repository = "web";
  PreflightResult r = run();
  ASSERT_TRUE(r.ok()) << reporter.dump();
  auto signatures = ecr_signatures();
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_NE(signatures[0].find("/us-east-1/ecr/aws4_request"), std::string::npos);
}

// A wrong secret key or an unreachable endpoint fails every call the same way: one line.
TEST(EvaluatePreflight, CredentialsOrNetworkFailuresAreReportedOnce) {
  PreflightInput in;
  in.cluster = "stg";
  in.service = "web";
  in.container = "app";
  in.image_tag = "v2";
  for (auto kind : {util::ErrorKind::Network, util::ErrorKind::AccessDenied}) {
    util::Error e = util::make_error(kind, "the same raw AWS text", "SomeCode");
    PreflightObservations obs;
    obs.identity = util::Result<services::CallerIdentity>(e);
    obs.clusters = util::Result<services::DescribeClustersResult>(e);
    obs.services = util::Result<services::DescribeServicesResult>(e);
    obs.image = util::Result<services::ImageDetail>(e);
    PreflightResult r = evaluate_preflight(in, obs);
    ASSERT_EQ(r.problems().size(), 1u) << r.problems().back();
    EXPECT_TRUE(r.problems()[0].starts_with("credentials: ")) << r.problems()[0];
    EXPECT_NE(r.problems()[0].find("the same raw AWS text"), std::string::npos);
  }
}

// Other failures of other calls are still their own lines.
TEST(EvaluatePreflight, AnUnrelatedFailureIsStillReported) {
  PreflightInput in;
  in.cluster = "stg";
  in.service = "web";
  PreflightObservations obs;
  obs.identity = util::Result<services::CallerIdentity>(
      util::make_error(util::ErrorKind::Network, "connection refused", "CURLE"));
  obs.clusters = util::Result<services::DescribeClustersResult>(
      util::make_error(util::ErrorKind::ServiceError, "bad cluster", "ClientException"));
  PreflightResult r = evaluate_preflight(in, obs);
  EXPECT_EQ(r.problems().size(), 2u);
}

}  // namespace
}  // namespace engine
