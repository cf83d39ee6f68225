#include "engine/deploy_services.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {
namespace {

using fake::FakeAws;
using fake::Json;

class DeployServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    util::reset_interrupt_for_tests();
    aws.supports_service_deployments = false;  // success = COMPLETED, one deployment
  }
  void add(const std::vector<std::string>& names) {
    for (const auto& name : names) {
      aws.add_standard_service(name);
      DeployOptions o;
      o.cluster = "stg";
      o.service = name;
      o.container = "app";
      o.family = name;
      o.repository = name;
      o.image_tag = "v2";
      o.desired_count = 2;
      options.push_back(o);
    }
    while (reporters.size() < options.size()) {
      reporters.push_back(std::make_unique<testing_support::RecordingReporter>());
    }
  }
  ServicesResult run() {
    for (auto& [name, svc] : aws.services) {
      initial_td[name] = svc["taskDefinition"];
    }
    auto clients = aws.clients();
    std::vector<Reporter*> to;
    for (auto& r : reporters) {
      to.push_back(r.get());
    }
    return deploy_services(clients, clock, run_reporter, options, to);
  }
  // The DescribeServices requests sent after the last UpdateService (the watch), as the
  // number of services each one named.
  std::vector<size_t> watch_batches() const {
    std::vector<size_t> out;
    for (const auto& req : aws.transport.requests()) {
      std::string target = aws::find_header(req.headers, "X-Amz-Target").value_or("");
      if (target.ends_with(".UpdateService")) {
        out.clear();
      } else if (target.ends_with(".DescribeServices")) {
        out.push_back(Json::parse(req.body)["services"].size());
      }
    }
    return out;
  }
  // DescribeServices calls of the watch so far, this one included (0 before every service was
  // updated), for hooks: the preflight's calls are its own business (shared and batched).
  int watch_call(FakeAws& f) {
    for (auto& [name, svc] : f.services) {
      if (watch_calls == 0 && svc["taskDefinition"] == initial_td[name]) {
        return 0;
      }
    }
    return ++watch_calls;
  }
  // Every service's PRIMARY running the new revision completes from watch call `at` on.
  void complete_all_from(FakeAws& f, int at) {
    if (watch_call(f) < at) {
      return;
    }
    for (auto& [name, svc] : f.services) {
      if (f.primary(name)["rolloutState"] == "IN_PROGRESS") {
        f.complete_rollout(name);
      }
    }
  }

  int watch_calls = 0;
  std::map<std::string, Json> initial_td;
  testing_support::ManualClock clock;
  FakeAws aws{clock};
  testing_support::RecordingReporter run_reporter;
  std::vector<std::unique_ptr<testing_support::RecordingReporter>> reporters;
  std::vector<DeployOptions> options;
};

TEST_F(DeployServicesTest, OneDescribeServicesPerTenServicesPerPoll) {
  std::vector<std::string> names;
  for (int i = 0; i < 12; ++i) {
    names.push_back("svc" + std::to_string(i));
  }
  add(names);
  // The watch polls with 2 calls each; the 3rd poll completes.
  aws.on_describe_services = [this](FakeAws& f) { complete_all_from(f, 2 * 2 + 1); };
  ServicesResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << run_reporter.dump() << reporters[0]->dump();
  ASSERT_EQ(r.services.size(), 12u);
  for (const auto& s : r.services) {
    EXPECT_EQ(s.outcome, Outcome::Succeeded) << s.service << ": " << s.summary;
  }
  // ceil(12 / 10) = 2 calls per poll, 3 polls.
  EXPECT_EQ(watch_batches(), (std::vector<size_t>{10, 2, 10, 2, 10, 2}));
  // The fleet budget (0.5 calls per service per minute: 0.1 calls/s for 12 services) paces
  // every poll, the first one included: 2 calls accrue in 20 s.
  ASSERT_EQ(clock.sleeps().size(), 3u);
  for (auto slept : clock.sleeps()) {
    EXPECT_EQ(slept, std::chrono::seconds(20));
  }
  EXPECT_EQ(aws.count("UpdateService"), 12);
  EXPECT_EQ(run_reporter.all<Finished>().at(0).summary, "12 of 12 services deployed");
}

// Issue 12: what is shared is asked once: one caller identity, one DescribeClusters, the
// services 10 per call, one DescribeTaskDefinition per family, one DescribeImages per tag,
// and one new revision for the services that deploy the same change on the same base.
TEST_F(DeployServicesTest, ServicesOfOneFamilyShareTheReadsAndOneNewRevision) {
  aws.add_standard_service("web");
  aws.services.erase("web");  // only its family and images: the services are web-0..web-19
  std::vector<std::string> names;
  for (int i = 0; i < 20; ++i) {
    names.push_back("web-" + std::to_string(i));
  }
  add(names);
  for (size_t i = 0; i < names.size(); ++i) {
    Json& svc = aws.services[names[i]];
    svc["taskDefinition"] = aws.td_arn("web", 1);
    svc["deployments"][0]["taskDefinition"] = aws.td_arn("web", 1);
    options[i].family = "web";
    options[i].repository = "web";
  }
  aws.on_describe_services = [this](FakeAws& f) { complete_all_from(f, 1); };
  ServicesResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << run_reporter.dump() << reporters[0]->dump();
  EXPECT_EQ(aws.count("GetCallerIdentity"), 0);  // STS is a query call, counted below
  EXPECT_EQ(aws.count("DescribeClusters"), 1);
  EXPECT_EQ(aws.count("DescribeTaskDefinition"), 1);
  EXPECT_EQ(aws.count("DescribeImages"), 1);
  EXPECT_EQ(aws.count("RegisterTaskDefinition"), 1);
  EXPECT_EQ(aws.count("UpdateService"), 20);
  int identity = 0;
  for (const auto& req : aws.transport.requests()) {
    identity += req.body.find("Action=GetCallerIdentity") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(identity, 1);
  // Before the first UpdateService: the 20 services in 2 DescribeServices.
  std::vector<size_t> preflight;
  for (const auto& req : aws.transport.requests()) {
    std::string target = aws::find_header(req.headers, "X-Amz-Target").value_or("");
    if (target.ends_with(".UpdateService") || target.ends_with(".RegisterTaskDefinition")) {
      break;
    }
    if (target.ends_with(".DescribeServices")) {
      preflight.push_back(Json::parse(req.body)["services"].size());
    }
  }
  EXPECT_EQ(preflight, (std::vector<size_t>{10, 10}));
  for (const auto& s : r.services) {
    EXPECT_EQ(s.task_definition, aws.td_arn("web", 2)) << s.service;
  }
  // The plan says who shares the revision, and the least time the API limits allow.
  ASSERT_EQ(r.plan.groups.size(), 1u);
  EXPECT_EQ(r.plan.groups[0].members.size(), 20u);
  EXPECT_EQ(r.plan.registrations, 1);
  bool said = false;
  for (const auto& m : run_reporter.all<Message>()) {
    said = said || m.text.find("one new revision of web (from web:1") != std::string::npos;
  }
  EXPECT_TRUE(said) << run_reporter.dump();
}

TEST_F(DeployServicesTest, FinishedServicesLeaveTheBatch) {
  add({"web", "worker"});
  aws.on_describe_services = [this](FakeAws& f) {
    const int call = watch_call(f);
    if (call == 1) {  // the first poll: web is done
      f.complete_rollout("web");
    }
    if (call == 3) {
      f.complete_rollout("worker");
    }
  };
  ServicesResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << run_reporter.dump();
  EXPECT_EQ(watch_batches(), (std::vector<size_t>{2, 1, 1}));
}

// Issue 12: the watch's other reads are batched across the fleet too: service deployments 20
// per DescribeServiceDeployments, new stopped tasks 100 per DescribeTasks across the cluster,
// and each stopped task's evidence still reaches its own service's report (and verdict).
TEST_F(DeployServicesTest, AFleetWatchBatchesServiceDeploymentsAndStoppedTasks) {
  aws.supports_service_deployments = true;
  std::vector<std::string> names;
  for (int i = 0; i < 25; ++i) {
    names.push_back("svc" + std::to_string(i));
  }
  add(names);
  int looks = 0;  // the watch's DescribeServices, and its other reads until the last poll
  int sd_calls = 0;
  int task_calls = 0;
  aws.on_describe_services = [&, names](FakeAws& f) {
    const int call = watch_call(f);
    if (call == 0 || call > 3 * 3) {
      return;  // the preflight, or the recoveries after the watch
    }
    looks = call;
    sd_calls = f.calls_after("UpdateService", "DescribeServiceDeployments");
    task_calls = f.calls_after("UpdateService", "DescribeTasks");
    if (call == 1) {  // the first poll (3 calls): one task of each service crashed
      for (const auto& name : names) {
        f.crash_task("t-" + name, {"boom"}, name);
      }
    }
    complete_all_from(f, 3 * 2 + 1);  // the third poll: every rollout completes
  };
  ServicesResult r = run();
  // ECS completed every rollout, but a task of each crashed: each one fails on its own evidence.
  ASSERT_EQ(r.services.size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(r.services[i].outcome, Outcome::RolloutFailed) << r.services[i].summary;
    auto evidence = reporters[i]->all<StoppedTaskEvidence>();
    ASSERT_EQ(evidence.size(), 1u) << names[i] << reporters[i]->dump();
    EXPECT_NE(evidence[0].task_arn.find("/t-" + names[i]), std::string::npos) << names[i];
  }
  ASSERT_EQ(looks, 3 * 3);  // three polls of 3 calls (10, 10, 5 services)
  for (const Json& in : aws.inputs_of("DescribeServiceDeployments")) {
    EXPECT_LE(in["serviceDeploymentArns"].size(), 20u);
  }
  // Before the third poll's looks: at most 2 DescribeServiceDeployments (25 ARNs) and one
  // DescribeTasks (25 new tasks) per poll, not one of each per service.
  EXPECT_LE(sd_calls, 2 * 2);
  EXPECT_LE(task_calls, 2);
  EXPECT_GE(task_calls, 1);
}

TEST_F(DeployServicesTest, OneFailureAmongThreeIsExit4AndOnlyItIsRolledBack) {
  add({"web", "worker", "api"});
  aws.on_describe_services = [this](FakeAws& f) {
    const int call = watch_call(f);
    Json& w = f.primary("worker");
    if (call == 2 && w["taskDefinition"] == f.td_arn("worker", 2)) {
      w["rolloutState"] = "FAILED";
      w["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start.";
    }
    if (call >= 3) {
      for (const char* name : {"web", "api"}) {
        if (f.primary(name)["rolloutState"] == "IN_PROGRESS") {
          f.complete_rollout(name);
        }
      }
    }
    // Our rollback (UpdateService to worker:1) completes at once.
    if (w["taskDefinition"] == f.td_arn("worker", 1) && w["rolloutState"] == "IN_PROGRESS") {
      f.complete_rollout("worker");
    }
  };
  ServicesResult r = run();
  ASSERT_EQ(r.outcome, Outcome::RolloutFailed) << run_reporter.dump() << reporters[1]->dump();
  ASSERT_EQ(r.services.size(), 3u);
  EXPECT_EQ(r.services[0].outcome, Outcome::Succeeded) << r.services[0].summary;
  EXPECT_EQ(r.services[1].outcome, Outcome::RolloutFailed);
  EXPECT_EQ(r.services[2].outcome, Outcome::Succeeded) << r.services[2].summary;
  EXPECT_FALSE(r.services[0].rolled_back);
  EXPECT_TRUE(r.services[1].rolled_back);
  EXPECT_FALSE(r.services[2].rolled_back);
  EXPECT_EQ(r.services[1].running_task_definition, aws.td_arn("worker", 1));
  // Three registrations and updates, then one rollback UpdateService: worker's.
  std::vector<std::string> updated;
  for (const auto& req : aws.transport.requests()) {
    if (aws::find_header(req.headers, "X-Amz-Target").value_or("").ends_with(".UpdateService")) {
      Json body = Json::parse(req.body);
      updated.push_back(body["service"].get<std::string>() + "->" +
                        body["taskDefinition"].get<std::string>());
    }
  }
  // The updates run in parallel: any order, and the rollback after them.
  ASSERT_EQ(updated.size(), 4u);
  std::sort(updated.begin(), updated.begin() + 3);
  EXPECT_EQ(updated,
            (std::vector<std::string>{
                "api->" + aws.td_arn("api", 2), "web->" + aws.td_arn("web", 2),
                "worker->" + aws.td_arn("worker", 2), "worker->" + aws.td_arn("worker", 1)}));
  EXPECT_EQ(aws.services["web"]["taskDefinition"], aws.td_arn("web", 2));  // kept
  EXPECT_EQ(reporters[1]->all<RollbackStarted>().size(), 1u);
  EXPECT_TRUE(reporters[0]->all<RollbackStarted>().empty());
  EXPECT_EQ(run_reporter.all<Finished>().at(0).summary,
            "2 of 3 services deployed; not deployed: worker (rollout-failed)");
}

TEST_F(DeployServicesTest, APreflightFailureChangesNothingForAnyService) {
  add({"web", "worker", "api"});
  options[1].image_tag = "v9";  // not pushed to worker's repository
  options[0].image_tag = options[2].image_tag = "v9";
  aws.images.insert("web:v9");
  aws.images.insert("api:v9");
  ServicesResult r = run();
  EXPECT_EQ(r.outcome, Outcome::PreflightFailed);
  EXPECT_TRUE(aws.mutating_calls().empty());
  EXPECT_EQ(r.services[1].outcome, Outcome::PreflightFailed);
  EXPECT_FALSE(r.services[1].problems.empty());
  EXPECT_NE(r.services[1].problems[0].find("v9"), std::string::npos) << r.services[1].problems[0];
  EXPECT_EQ(r.services[0].outcome, Outcome::PreflightFailed);
  EXPECT_TRUE(r.services[0].problems.empty());  // its own checks passed
  EXPECT_EQ(r.services[0].summary,
            "not deployed: the preflight of worker failed; nothing was changed");
  // Every service's checks were reported to its own reporter.
  for (auto& rep : reporters) {
    EXPECT_FALSE(rep->all<PreflightCheck>().empty());
  }
}

TEST_F(DeployServicesTest, KeepDesiredCountKeepsEachServicesOwnCount) {
  add({"web", "worker"});
  aws.services["worker"]["desiredCount"] = 5;
  for (auto& o : options) {
    o.keep_desired_count = true;
    o.desired_count = 1;  // the CLI's default, to be ignored
  }
  aws.on_describe_services = [this](FakeAws& f) { complete_all_from(f, 1); };
  ServicesResult r = run();
  ASSERT_EQ(r.outcome, Outcome::Succeeded) << run_reporter.dump();
  EXPECT_EQ(r.services[0].desired_count, 2);
  EXPECT_EQ(r.services[1].desired_count, 5);
  EXPECT_EQ(aws.services["worker"]["desiredCount"], 5);
}

TEST_F(DeployServicesTest, DryRunPlansEveryServiceAndChangesNothing) {
  add({"web", "worker"});
  for (auto& o : options) {
    o.dry_run = true;
  }
  ServicesResult r = run();
  EXPECT_EQ(r.outcome, Outcome::Succeeded);
  EXPECT_TRUE(aws.mutating_calls().empty());
  EXPECT_EQ(reporters[0]->all<PlanReady>().size(), 1u);
  EXPECT_EQ(reporters[1]->all<PlanReady>().size(), 1u);
  EXPECT_EQ(run_reporter.all<Finished>().at(0).outcome, Outcome::Succeeded);
  EXPECT_TRUE(run_reporter.all<Finished>().at(0).dry_run);
}

TEST_F(DeployServicesTest, TimeoutOfOneAndSuccessOfAnotherIsExit5) {
  add({"web", "worker"});
  for (auto& o : options) {
    o.watch.timeout = std::chrono::minutes(1);
  }
  aws.on_describe_services = [this](FakeAws& f) {
    if (watch_call(f) == 1) {
      f.complete_rollout("web");
    }
  };
  ServicesResult r = run();
  EXPECT_EQ(r.outcome, Outcome::TimedOut);
  EXPECT_EQ(r.services[0].outcome, Outcome::Succeeded);
  EXPECT_EQ(r.services[1].outcome, Outcome::TimedOut);
}

}  // namespace
}  // namespace engine
