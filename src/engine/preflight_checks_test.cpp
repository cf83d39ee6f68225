#include "engine/preflight_checks.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

using util::ErrorKind;

util::Error err(ErrorKind kind, const char* code, const char* message) {
  return util::make_error(kind, message, code);
}

const util::Error k_throttled =
    err(ErrorKind::Throttling, "ThrottlingException",
        "ecs:DescribeTaskDefinition was throttled; gave up after 3 attempts (Rate exceeded)");

PreflightInput input() {
  PreflightInput in;
  in.cluster = "stg";
  in.service = "web";
  in.container = "app";
  in.image_tag = "v2";
  return in;
}

services::TaskDefinition revision(const char* status = "ACTIVE") {
  services::TaskDefinition td;
  td.arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4";
  td.family = "web";
  td.status = status;
  td.containers = {{"app", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1", true}};
  return td;
}

services::Service service(const char* status = "ACTIVE", const char* controller = "ECS") {
  services::Service s;
  s.name = "web";
  s.status = status;
  s.deployment_controller = controller;
  s.task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4";
  services::Deployment d;
  d.id = "ecs-svc/1";
  d.status = "PRIMARY";
  d.rollout_state = "COMPLETED";
  s.deployments = {d};
  return s;
}

struct Expect {
  bool ok;
  bool skipped;
  std::string detail_has;
};

void expect(const PreflightCheck& c, const Expect& e, const std::string& what) {
  EXPECT_EQ(c.ok, e.ok) << what << ": " << c.detail;
  EXPECT_EQ(c.skipped, e.skipped) << what << ": " << c.detail;
  EXPECT_NE(c.detail.find(e.detail_has), std::string::npos) << what << ": " << c.detail;
}

TEST(CheckDesiredCount, Table) {
  struct Row {
    std::optional<int> count;
    std::optional<Expect> expected;
  };
  const Row rows[] = {
      {std::nullopt, std::nullopt},
      {0, Expect{true, false, "0"}},
      {5000, Expect{true, false, "5000"}},
      {5001, Expect{false, false, "outside 0..5000"}},
      {-1, Expect{false, false, "outside 0..5000"}},
  };
  for (const auto& r : rows) {
    PreflightInput in = input();
    in.desired_count = r.count;
    auto c = check_desired_count(in);
    ASSERT_EQ(c.has_value(), r.expected.has_value());
    if (c) {
      expect(*c, *r.expected, "count " + std::to_string(*r.count));
    }
  }
}

TEST(CheckCaller, Table) {
  services::CallerIdentity me{"123456789012", "arn:aws:iam::123456789012:user/ci", "AIDA"};
  struct Row {
    const char* what;
    util::Result<services::CallerIdentity> identity;
    std::string expected_account;
    std::string name;
    Expect expected;
  };
  const Row rows[] = {
      {"known", me, "", "credentials", {true, false, "user/ci (account 123456789012)"}},
      {"expected account", me, "123456789012", "credentials", {true, false, "account"}},
      {"other account", me, "999999999999", "account", {false, false, "expected 999999999999"}},
      {"unreachable",
       err(ErrorKind::Network, "ConnectionRefused", "refused"),
       "",
       "credentials",
       {false, false, "cannot reach AWS"}},
      {"denied",
       err(ErrorKind::AccessDenied, "InvalidClientTokenId", "bad key"),
       "",
       "credentials",
       {false, false, "check AWS credentials"}},
      {"throttled",
       err(ErrorKind::Throttling, "Throttling", "sts:GetCallerIdentity was throttled"),
       "",
       "credentials",
       {false, false, "STS is throttling"}},
  };
  for (const auto& r : rows) {
    PreflightInput in = input();
    in.expected_account = r.expected_account;
    PreflightCheck c = check_caller(in, r.identity);
    EXPECT_EQ(c.name, r.name) << r.what;
    expect(c, r.expected, r.what);
  }
}

TEST(CheckCluster, Table) {
  services::DescribeClustersResult active;
  active.clusters = {{"arn:aws:ecs:us-east-1:1:cluster/stg", "stg", "ACTIVE"}};
  services::DescribeClustersResult inactive;
  inactive.clusters = {{"arn:aws:ecs:us-east-1:1:cluster/stg", "stg", "INACTIVE"}};
  const CallerFailure none;
  const CallerFailure network{ErrorKind::Network};
  const CallerFailure throttled{ErrorKind::Throttling};
  struct Row {
    const char* what;
    util::Result<services::DescribeClustersResult> clusters;
    CallerFailure caller;
    Expect expected;
  };
  const Row rows[] = {
      {"active", active, none, {true, false, "stg is ACTIVE"}},
      {"inactive", inactive, none, {false, false, "is INACTIVE, expected ACTIVE"}},
      {"missing", services::DescribeClustersResult{}, none, {false, false, "not found"}},
      {"same cause as the caller",
       err(ErrorKind::Network, "X", "down"),
       network,
       {true, true, "could not be reached"}},
      {"throttled is never the caller's cause",
       err(ErrorKind::Throttling, "ThrottlingException", "ecs:DescribeClusters was throttled"),
       throttled,
       {false, false, "was throttled"}},
  };
  for (const auto& r : rows) {
    expect(check_cluster(input(), r.clusters, r.caller), r.expected, r.what);
  }
}

TEST(CheckService, Table) {
  auto one = [](services::Service s) {
    services::DescribeServicesResult r;
    r.services = {std::move(s)};
    return r;
  };
  services::Service busy = service();
  busy.deployments.push_back(busy.deployments.front());
  services::Service express = service();
  express.resource_management_type = "ECS";
  services::Service customer = service();
  customer.resource_management_type = "CUSTOMER";
  services::ListResult others;
  others.arns = {"arn:aws:ecs:us-east-1:1:service/stg/api"};
  struct Row {
    const char* what;
    util::Result<services::DescribeServicesResult> described;
    std::optional<util::Result<services::ListResult>> listed;
    std::vector<Expect> expected;
    bool found;
  };
  const Row rows[] = {
      {"active", one(service()), std::nullopt, {{true, false, "runs web:4"}}, true},
      {"draining", one(service("DRAINING")), std::nullopt, {{false, false, "is DRAINING"}}, false},
      {"code deploy",
       one(service("ACTIVE", "CODE_DEPLOY")),
       std::nullopt,
       {{false, false, "CODE_DEPLOY deployment controller: its deployments are CodeDeploy's"}},
       false},
      {"external",
       one(service("ACTIVE", "EXTERNAL")),
       std::nullopt,
       {{false, false, "EXTERNAL deployment controller: its task sets"}},
       false},
      {"express mode",
       one(express),
       std::nullopt,
       {{false, false, "Express Mode service (resourceManagementType ECS)"}},
       false},
      {"customer managed", one(customer), std::nullopt, {{true, false, "runs web:4"}}, true},
      {"busy: judged by check_idle", one(busy), std::nullopt, {{true, false, "is ACTIVE"}}, true},
      {"missing, others listed",
       services::DescribeServicesResult{},
       others,
       {{false, false, "services in that cluster: api"}},
       false},
      {"cluster missing",
       err(ErrorKind::NotFound, "ClusterNotFoundException", "no"),
       std::nullopt,
       {{true, true, "cluster 'stg' not found"}},
       false},
      {"throttled", k_throttled, std::nullopt, {{false, false, "was throttled"}}, false},
  };
  for (const auto& r : rows) {
    const services::Service* found = nullptr;
    auto checks = check_service(input(), r.described, r.listed, CallerFailure{}, &found);
    ASSERT_EQ(checks.size(), r.expected.size()) << r.what;
    for (size_t i = 0; i < checks.size(); ++i) {
      expect(checks[i], r.expected[i], r.what);
    }
    EXPECT_EQ(found != nullptr, r.found) << r.what;
  }
}

TEST(CheckIdle, NamesTheStageAndThePauseHookAwaitingAction) {
  services::Service idle = service();
  services::Service busy = service();
  busy.deployments.push_back(busy.deployments.front());
  auto described = [](std::string stage, std::vector<services::LifecycleHookRun> hooks) {
    services::ServiceDeployment sd;
    sd.status = "IN_PROGRESS";
    sd.lifecycle_stage = std::move(stage);
    sd.hooks = std::move(hooks);
    services::DescribeServiceDeploymentsResult r;
    r.deployments = {sd};
    return util::Result<services::DescribeServiceDeploymentsResult>(r);
  };
  services::LifecycleHookRun paused{
      "hook-7",  "PAUSE", "", "AWAITING_ACTION", util::SystemTime{} + std::chrono::hours(24),
      "ROLLBACK"};
  services::LifecycleHookRun done = paused;
  done.hook_id = "hook-6";
  done.status = "SUCCEEDED";
  services::LifecycleHookRun lambda{"hook-5", "AWS_LAMBDA", "arn:fn", "IN_PROGRESS", {}, ""};
  using Opt = std::optional<util::Result<services::DescribeServiceDeploymentsResult>>;
  struct Row {
    const char* what;
    services::Service svc;
    bool require_idle;
    Opt in_flight;
    std::optional<std::string> detail;  // nullopt: no check
    std::vector<NextStep> hints;
  };
  const Row rows[] = {
      {"idle", idle, true, std::nullopt, std::nullopt, {}},
      {"busy but --supersede", busy, false, std::nullopt, std::nullopt, {}},
      {"busy, not described",
       busy,
       true,
       std::nullopt,
       "another deployment of 'web' is in progress (2 deployments)",
       {NextStep::WaitForIdle}},
      {"busy, describe failed",
       busy,
       true,
       Opt(k_throttled),
       "another deployment of 'web' is in progress (2 deployments)",
       {NextStep::WaitForIdle}},
      {"rolling: no stage",
       busy,
       true,
       described("", {}),
       "another deployment of 'web' is in progress (2 deployments): service deployment "
       "IN_PROGRESS",
       {NextStep::WaitForIdle}},
      {"lambda hook running at a stage",
       busy,
       true,
       described("PRE_SCALE_UP", {lambda}),
       "another deployment of 'web' is in progress (2 deployments): service deployment "
       "IN_PROGRESS at PRE_SCALE_UP",
       {NextStep::WaitForIdle}},
      {"paused",
       busy,
       true,
       described("POST_TEST_TRAFFIC_SHIFT", {done, paused}),
       "another deployment of 'web' is in progress (2 deployments): service deployment "
       "IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT; PAUSE hook hook-7 awaits action until "
       "1970-01-02T00:00:00Z (then ROLLBACK)",
       {NextStep::ContinueDeployment, NextStep::RejectDeployment, NextStep::WaitForIdle}},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.what);
    PreflightInput in = input();
    in.require_idle = r.require_idle;
    auto check = check_idle(in, r.svc, r.in_flight);
    ASSERT_EQ(check.has_value(), r.detail.has_value());
    if (!check) {
      continue;
    }
    EXPECT_FALSE(check->ok);
    EXPECT_EQ(check->detail, *r.detail);
    std::vector<NextStep> steps;
    for (const auto& h : check->hints) {
      steps.push_back(h.step);
      if (h.step == NextStep::ContinueDeployment) {
        EXPECT_EQ(h.cluster, "stg");
        EXPECT_EQ(h.service, "web");
      }
    }
    EXPECT_EQ(steps, r.hints);
  }
}

TEST(CheckFamily, OnlyAnExpectedFamilyThatDiffers) {
  PreflightInput in = input();
  EXPECT_FALSE(check_family(in, "web"));
  in.family = "web";
  EXPECT_FALSE(check_family(in, "web"));
  in.family = "api";
  auto c = check_family(in, "web");
  ASSERT_TRUE(c);
  expect(*c, {false, false, "runs family 'web', not 'api'"}, "other family");
}

TEST(CheckTaskDefinition, Table) {
  services::TaskDefinition other = revision();
  other.containers = {{"sidecar", "busybox", true}};
  struct Row {
    const char* what;
    util::Result<services::TaskDefinition> latest;
    std::vector<Expect> expected;
  };
  const Row rows[] = {
      {"active with the container",
       revision(),
       {{true, false, "latest revision web:4"}, {true, false, "app (123456789012"}}},
      {"inactive",
       revision("INACTIVE"),
       {{false, false, "web:4 is INACTIVE"}, {true, false, "app"}}},
      {"no such container", other, {{true, false, "web:4"}, {false, false, "containers: sidecar"}}},
      {"no ACTIVE revision",
       err(ErrorKind::ServiceError, "ClientException", "Unable to describe task definition."),
       {{false, false, "family 'web' has no ACTIVE revision"}}},
      // Issue 12: a throttled call is not an answer about the family.
      {"throttled",
       k_throttled,
       {{false, false,
         "cannot describe the latest revision of family 'web': ThrottlingException: "
         "ecs:DescribeTaskDefinition was throttled; gave up after 3 attempts"}}},
      {"server error",
       err(ErrorKind::ServerError, "ServerException", "boom"),
       {{false, false, "cannot describe the latest revision"}}},
  };
  for (const auto& r : rows) {
    auto checks = check_task_definition(input(), "web", r.latest, CallerFailure{});
    ASSERT_EQ(checks.size(), r.expected.size()) << r.what;
    for (size_t i = 0; i < checks.size(); ++i) {
      expect(checks[i], r.expected[i], r.what);
    }
    if (!r.latest.ok() && r.latest.error().kind == ErrorKind::Throttling) {
      EXPECT_EQ(checks[0].detail.find("no ACTIVE revision"), std::string::npos);
    }
  }
}

TEST(CheckRepository, OnlyAKnownMismatch) {
  PreflightInput in = input();
  EXPECT_FALSE(check_repository(in, "web"));  // not configured
  in.repository = "web";
  EXPECT_FALSE(check_repository(in, ""));  // not an ECR image
  EXPECT_FALSE(check_repository(in, "web"));
  auto c = check_repository(in, "team/web");
  ASSERT_TRUE(c);
  expect(*c, {false, false, "pulls from ECR repository 'team/web', not the configured 'web'"},
         "mismatch");
}

TEST(CheckImage, Table) {
  services::ImageDetail found;
  found.digest = "sha256:abc";
  struct Row {
    const char* what;
    std::optional<util::Result<services::ImageDetail>> image;
    std::string skip_reason;
    std::optional<Expect> expected;
  };
  const Row rows[] = {
      {"found", found, "", Expect{true, false, "tag 'v2' exists (sha256:abc)"}},
      {"not called", std::nullopt, "", std::nullopt},
      {"not ECR", std::nullopt, "skipped: busybox is not in ECR", Expect{true, true, "busybox"}},
      {"no tag", err(ErrorKind::NotFound, "ImageNotFoundException", "missing"), "",
       Expect{false, false, "tag 'v2' not found in ECR (missing); was the image pushed"}},
      {"no repository", err(ErrorKind::NotFound, "RepositoryNotFoundException", "missing"), "",
       Expect{false, false, "ECR repository not found"}},
      {"throttled",
       err(ErrorKind::Throttling, "ThrottlingException", "ecr:DescribeImages was throttled"), "",
       Expect{false, false, "cannot check the tag: ThrottlingException"}},
  };
  for (const auto& r : rows) {
    auto c = check_image(input(), r.image, r.skip_reason, CallerFailure{});
    ASSERT_EQ(c.has_value(), r.expected.has_value()) << r.what;
    if (c) {
      expect(*c, *r.expected, r.what);
    }
  }
}

}  // namespace
}  // namespace engine
