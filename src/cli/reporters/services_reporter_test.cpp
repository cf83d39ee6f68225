// deploy --services output: the JSON object wraps each service's usual result object, the
// GitHub outputs and summary have one entry per service, and progress lines carry the
// service's name.

#include "cli/reporters/services_reporter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/reporters/json_reporter.h"
#include "support/manual_clock.h"

namespace cli {
namespace {

using Json = nlohmann::json;

const std::string k_web1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
const std::string k_web2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
const std::string k_wrk1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:1";
const std::string k_wrk2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/worker:2";

engine::OperationResult service_result(const std::string& name, engine::Outcome outcome,
                                       const std::string& before, const std::string& after) {
  engine::OperationResult r = engine::begin_result("deploy", "stg", name, false);
  r.outcome = outcome;
  r.previous_task_definition = before;
  r.task_definition = after;
  r.image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name + ":v2";
  r.running_task_definition = outcome == engine::Outcome::Succeeded ? after : before;
  r.rolled_back = outcome != engine::Outcome::Succeeded;
  r.summary = name + " " + engine::to_string(outcome);
  return r;
}

engine::ServicesResult two_services() {
  engine::ServicesResult r;
  r.outcome = engine::Outcome::RolloutFailed;
  r.summary = "1 of 2 services deployed; not deployed: worker (rollout-failed)";
  r.total = std::chrono::milliseconds(4200);
  r.services.push_back(service_result("web", engine::Outcome::Succeeded, k_web1, k_web2));
  r.services.push_back(service_result("worker", engine::Outcome::RolloutFailed, k_wrk1, k_wrk2));
  return r;
}

TEST(ServicesReporter, JsonHoldsEachServicesUsualObject) {
  testing_support::ManualClock clock;
  RunRecord web(clock);
  RunRecord worker(clock);
  engine::StoppedTaskEvidence evidence;
  evidence.task_arn = "arn:aws:ecs:us-east-1:123456789012:task/stg/abc";
  evidence.task_definition_arn = k_wrk2;
  evidence.stop_code = "EssentialContainerExited";
  worker.on(evidence);
  engine::ServicesResult r = two_services();
  Json j = Json::parse(services_json(r, {&web, &worker}));
  EXPECT_EQ(j["command"], "deploy");
  EXPECT_EQ(j["outcome"], "rollout-failed");
  EXPECT_EQ(j["exit_code"], 4);
  EXPECT_EQ(j["timings_ms"]["total"], 4200);
  ASSERT_EQ(j["services"].size(), 2u);
  // Each element is exactly what `deploy --output json` prints for that service alone.
  EXPECT_EQ(j["services"][0], Json::parse(result_json(r.services[0], web)));
  EXPECT_EQ(j["services"][1], Json::parse(result_json(r.services[1], worker)));
  EXPECT_EQ(j["services"][1]["stopped_tasks"].size(), 1u);
  EXPECT_EQ(j["services"][1]["rolled_back"], true);
}

TEST(ServicesReporter, GitHubOutputsAndSummaryHaveOneEntryPerService) {
  engine::ServicesResult r = two_services();
  auto outputs = services_outputs(r);
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0], (std::pair<std::string, std::string>{"outcome", "rollout-failed"}));
  Json services = Json::parse(outputs[1].second);
  ASSERT_EQ(services.size(), 2u);
  EXPECT_EQ(services[1]["service"], "worker");
  EXPECT_EQ(services[1]["outcome"], "rollout-failed");
  EXPECT_EQ(services[0]["task_definition_arn"], k_web2);

  testing_support::ManualClock clock;
  RunRecord a(clock);
  RunRecord b(clock);
  std::string md = services_summary_markdown(r, {&a, &b});
  EXPECT_NE(md.find("| stg/web | \u2705 succeeded | `web:1` | `web:2` |"), std::string::npos) << md;
  EXPECT_NE(md.find("| stg/worker | \u274c rollout-failed | `worker:1` | `worker:2` |"),
            std::string::npos)
      << md;
  // Totals first, the failure expanded, the successes folded.
  EXPECT_NE(md.find("**2 services: 1 rollout-failed, 1 succeeded**"), std::string::npos) << md;
  EXPECT_NE(md.find("<details open><summary>worker: rollout-failed</summary>"), std::string::npos);
  EXPECT_NE(md.find("<details><summary>1 service succeeded</summary>"), std::string::npos) << md;
  EXPECT_LT(md.find("stg/worker"), md.find("stg/web"));
}

TEST(ServicesReporter, LinesNameTheirServiceAndJsonGoesToStdout) {
  char* out_buf = nullptr;
  size_t out_len = 0;
  char* err_buf = nullptr;
  size_t err_len = 0;
  std::FILE* out = open_memstream(&out_buf, &out_len);
  std::FILE* err = open_memstream(&err_buf, &err_len);
  testing_support::ManualClock clock;
  {
    ServicesReporter::Setup setup;
    setup.output = OutputFormat::Json;
    ServicesReporter rep({"web", "worker"}, setup, clock, out, err);
    rep.services()[1]->on(engine::Message{engine::Severity::Info, "hello"});
    rep.run().on(engine::Finished{engine::Outcome::Succeeded, false, "2 of 2 services deployed"});
    engine::ServicesResult r = two_services();
    rep.finish(r);
  }
  std::fclose(out);
  std::fclose(err);
  std::string o(out_buf, out_len);
  std::string e(err_buf, err_len);
  std::free(out_buf);
  std::free(err_buf);
  EXPECT_NE(e.find("] worker: hello\n"), std::string::npos) << e;
  EXPECT_EQ(e.find("] : "), std::string::npos) << e;  // the run's lines have no name
  EXPECT_EQ(Json::parse(o)["services"].size(), 2u);
}

}  // namespace
}  // namespace cli
