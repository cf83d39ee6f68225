#pragma once
// Test harness: an Emulator on a frozen virtual clock (speed 0), driven through its HTTP front
// door with unsigned requests, and moved forward with advance().
#include <memory>
#include <string>

#include "core/emulator.h"
#include "core/scenario.h"

namespace emulator::testing {

// A demo-like scenario: account 123456789012, cluster "demo", service "web" (family "web",
// container "app", image web:v1) with `desired` tasks, awslogs to /ecs/web, ECR repository
// "web" with tags v1 v2 v3 crash slow; image behaviour for "crash", "slow", "sick", "nosecret".
inline Json base_scenario(int desired = 2, int min_pct = 100, int max_pct = 200,
                          bool breaker = true, bool rollback = true) {
  Json td = {
      {"family", "web"},
      {"cpu", "256"},
      {"memory", "512"},
      {"containerDefinitions",
       {{{"name", "app"},
         {"image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1"},
         {"essential", true},
         {"logConfiguration",
          {{"logDriver", "awslogs"},
           {"options", {{"awslogs-group", "/ecs/web"}, {"awslogs-stream-prefix", "web"}}}}}}}}};
  return {{"region", "us-east-1"},
          {"startTime", "2026-01-01T00:00:00Z"},
          {"accounts",
           {{{"id", "123456789012"},
             {"users",
              {{{"name", "deployer"}, {"accessKeyId", "AKIDTEST"}, {"secretAccessKey", "s3cr3t"}}}},
             {"roles", {{{"name", "deploy"}}}}}}},
          {"timings", {{"jitter", 0}}},
          {"logGroups", {"/ecs/web"}},
          {"clusters", {{{"name", "demo"}}}},
          {"repositories",
           {{{"name", "web"},
             {"images",
              {{{"tags", {"v1"}}},
               {{"tags", {"v2"}}},
               {{"tags", {"v3"}}},
               {{"tags", {"crash"}}},
               {{"tags", {"slow"}}},
               {{"tags", {"sick"}}},
               {{"tags", {"nosecret"}}}}}}}},
          {"taskDefinitions", {td}},
          {"services",
           {{{"name", "web"},
             {"cluster", "demo"},
             {"taskDefinition", "web"},
             {"desiredCount", desired},
             {"deploymentConfiguration",
              {{"minimumHealthyPercent", min_pct},
               {"maximumPercent", max_pct},
               {"deploymentCircuitBreaker", {{"enable", breaker}, {"rollback", rollback}}}}}}}},
          {"images",
           {{"crash",
             {{"behavior", "crash"},
              {"exitCode", 3},
              {"crashAfterSeconds", 2},
              {"logLines", {"booting", "fatal: DATABASE_URL missing"}}}},
            {"slow", {{"behavior", "slowStart"}, {"startDelaySeconds", 600}}},
            {"sick", {{"behavior", "unhealthy"}}},
            {"nosecret", {{"behavior", "missingSecret"}, {"secretName", "app/db"}}}}}};
}

class Harness {
 public:
  explicit Harness(const Json& scenario = base_scenario()) {
    Scenario s = load_scenario(scenario, 0.0, 7, 0);
    EmulatorOptions opt;
    opt.auth = false;
    m_emulator = std::make_unique<Emulator>(std::move(s.state), opt);
  }

  // Calls "<Operation>" on ecs (or ecr/logs/application-autoscaling); returns the parsed body, sets
  // status().
  Json call(const std::string& op, const Json& body, const std::string& service = "ecs") {
    HttpRequest req;
    std::string prefix = service == "ecs"   ? "AmazonEC2ContainerServiceV20141113."
                         : service == "ecr" ? "AmazonEC2ContainerRegistry_V20150921."
                         : service == "application-autoscaling" ? "AnyScaleFrontendService."
                                                                : "Logs_20140328.";
    req.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", prefix + op}};
    req.body = body.dump();
    return send(req);
  }

  Json send(const HttpRequest& req) {
    HttpResponse r = m_emulator->handle(req);
    m_status = r.status;
    Json j = Json::parse(r.body, nullptr, false);
    return j.is_discarded() ? Json(r.body) : j;
  }

  void advance(double seconds) {
    State& st = m_emulator->state();
    std::lock_guard<std::mutex> lock(st.mutex());
    st.clock().advance(seconds);
    st.catch_up();
  }

  Json service() {
    return call("DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}})["services"][0];
  }

  // Registers web with the given image tag and deploys it; returns the new revision ARN.
  std::string deploy(const std::string& tag) {
    Json td = call("DescribeTaskDefinition", {{"taskDefinition", "web"}})["taskDefinition"];
    Json body = {{"family", "web"},
                 {"cpu", td["cpu"]},
                 {"memory", td["memory"]},
                 {"containerDefinitions", td["containerDefinitions"]}};
    body["containerDefinitions"][0]["image"] =
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:" + tag;
    std::string arn = call("RegisterTaskDefinition", body)["taskDefinition"]["taskDefinitionArn"];
    call("UpdateService", {{"cluster", "demo"}, {"service", "web"}, {"taskDefinition", arn}});
    return arn;
  }

  int status() const { return m_status; }
  Emulator& emulator() { return *m_emulator; }

 private:
  std::unique_ptr<Emulator> m_emulator;
  int m_status = 0;
};

}  // namespace emulator::testing
