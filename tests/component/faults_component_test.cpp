// A throttling storm and 5xx errors during the watch: the deploy still ends correctly.
// Faults are switched on by a reporter when ServiceUpdated arrives, so preflight and the
// update itself run clean and the storm hits exactly the watch.

#include "component_fixture.h"
#include "engine/deploy.h"

namespace component {
namespace {

class FaultsOnUpdate final : public engine::Reporter {
 public:
  FaultsOnUpdate(testing_support::RecordingReporter& inner, testing_support::EmulatorProcess& emu,
                 std::string faults)
      : m_inner(inner), m_emu(emu), m_faults(std::move(faults)) {}
  void on(const engine::Event& e) override {
    if (std::holds_alternative<engine::ServiceUpdated>(e)) {
      auto r = m_emu.control("POST", "/_emulator/faults", m_faults);
      EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
    }
    m_inner.on(e);
  }

 private:
  testing_support::RecordingReporter& m_inner;
  testing_support::EmulatorProcess& m_emu;
  std::string m_faults;
};

class FaultsComponent : public EmulatorTest {};

TEST_F(FaultsComponent, ThrottlingStormAnd5xxDuringTheWatch) {
  start(demo_scenario());
  const std::string faults = R"({"rules": [
    {"service": "ecs", "operation": "DescribeServices", "type": "throttle", "count": 5},
    {"service": "ecs", "operation": "ListTasks", "type": "error", "status": 503, "count": 2},
    {"service": "ecs", "operation": "DescribeTasks", "type": "error", "status": 500, "count": 1},
    {"service": "ecs", "operation": "DescribeServiceDeployments", "type": "error", "status": 500, "count": 1}
  ]})";
  FaultsOnUpdate rep(reporter, *emulator, faults);
  engine::DeployOptions o;
  o.cluster = "demo";
  o.service = "web";
  o.container = "app";
  o.image_tag = "v1.2.0";
  o.desired_count = 2;
  o.watch.timeout = std::chrono::minutes(2);
  auto c = clients();
  engine::OperationResult r = engine::deploy(c, clock, rep, o);
  ASSERT_EQ(r.outcome, engine::Outcome::Succeeded) << reporter.dump();
  auto log = emulator->requests();
  ASSERT_TRUE(log.ok());
  int throttled = 0;
  int failed = 0;
  for (const auto& req : *log) {
    throttled += req.status == 400 && req.operation == "DescribeServices" ? 1 : 0;
    failed += req.status >= 500 ? 1 : 0;
  }
  EXPECT_EQ(throttled, 5);
  EXPECT_GE(failed, 2);
  EXPECT_EQ(mutating_requests(),
            (std::vector<std::string>{"RegisterTaskDefinition", "UpdateService"}));
}

}  // namespace
}  // namespace component
