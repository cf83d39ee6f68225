// scale (to 0 and back with --restore), rollback's default target after two good deploys and
// one bad, status and history, against the emulator process.

#include "component_fixture.h"
#include "engine/deploy.h"
#include "engine/history.h"
#include "engine/rollback.h"
#include "engine/scale.h"
#include "engine/status.h"

namespace component {
namespace {

class ScaleRollbackComponent : public EmulatorTest {
 protected:
  engine::OperationResult deploy_tag(const std::string& tag) {
    engine::DeployOptions o;
    o.cluster = "demo";
    o.service = "web";
    o.container = "app";
    o.image_tag = tag;
    o.desired_count = 2;
    o.rollback_on_failure = false;
    o.watch.timeout = std::chrono::minutes(2);
    auto c = clients();
    return engine::deploy(c, clock, reporter, o);
  }
};

TEST_F(ScaleRollbackComponent, ScaleToZeroAndRestore) {
  start(demo_scenario());
  auto c = clients();
  engine::ScaleOptions o;
  o.cluster = "demo";
  o.service = "web";
  o.desired_count = 0;
  o.timeout = std::chrono::minutes(2);
  engine::OperationResult down = engine::scale(c, clock, reporter, o);
  ASSERT_EQ(down.outcome, engine::Outcome::Succeeded) << reporter.dump();
  auto svc = ecs->describe_services("demo", {"web"});
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ(svc->services.at(0).running, 0);
  EXPECT_EQ(svc->services.at(0).pending, 0);

  o.desired_count.reset();
  o.restore = true;
  engine::OperationResult up = engine::scale(c, clock, reporter, o);
  ASSERT_EQ(up.outcome, engine::Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(up.desired_count, 2);
  svc = ecs->describe_services("demo", {"web"});
  ASSERT_TRUE(svc.ok());
  EXPECT_EQ(svc->services.at(0).running, 2);
  // Scaling never registers a revision or starts a deployment.
  for (const auto& op : mutating_requests()) {
    EXPECT_TRUE(op == "UpdateService" || op == "TagResource") << op;
  }
}

TEST_F(ScaleRollbackComponent, RollbackAfterTwoGoodDeploysAndOneBad) {
  Json scenario = demo_scenario();
  scenario["services"][0]["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"] =
      false;
  start(scenario);
  // web:2 already runs v1.1.0, so the first deploy reuses it; v1.2.0 becomes web:3 and the
  // crashing tag web:4.
  ASSERT_EQ(deploy_tag("v1.1.0").outcome, engine::Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(deploy_tag("v1.2.0").outcome, engine::Outcome::Succeeded) << reporter.dump();
  ASSERT_EQ(deploy_tag("v1.3.0-crash").outcome, engine::Outcome::RolloutFailed) << reporter.dump();

  auto c = clients();
  engine::RollbackOptions o;
  o.cluster = "demo";
  o.service = "web";
  o.container = "app";
  o.watch.timeout = std::chrono::minutes(2);
  engine::OperationResult r = engine::rollback(c, clock, reporter, o);
  ASSERT_EQ(r.outcome, engine::Outcome::Succeeded) << reporter.dump();
  EXPECT_EQ(r.task_definition, "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3")
      << r.summary;
  EXPECT_NE(r.summary.find("last successful service deployment"), std::string::npos) << r.summary;

  auto st = engine::status(c, {"demo", "web", 5});
  ASSERT_TRUE(st.ok()) << st.error().describe();
  EXPECT_EQ(st->task_definition, r.task_definition);
  ASSERT_FALSE(st->images.empty());
  EXPECT_EQ(st->images[0].image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1.2.0");

  engine::HistoryOptions h;
  h.cluster = "demo";
  h.service = "web";
  h.limit = 3;
  auto hist = engine::history(c, h);
  ASSERT_TRUE(hist.ok()) << hist.error().describe();
  ASSERT_EQ(hist->entries.size(), 3u);
  EXPECT_EQ(hist->entries[0].revision, 4);
  EXPECT_EQ(hist->entries[0].image_tag, "v1.3.0-crash");
  EXPECT_EQ(hist->entries[1].revision, 3);
  EXPECT_TRUE(hist->entries[1].running_now);
  EXPECT_FALSE(hist->entries[1].deployments.empty());
}

}  // namespace
}  // namespace component
