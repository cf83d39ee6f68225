#pragma once
// Component fixture: the real engine and service clients (curl transport, SigV4, retries)
// against an ecs-emulator process started from a scenario (examples/scenarios/demo.json,
// adjusted per test).

#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/aws_client.h"
#include "aws/socket_transport.h"
#include "engine/clients.h"
#include "support/emulator_process.h"
#include "support/recording_reporter.h"
#include "util/clock.h"

namespace component {

using Json = nlohmann::ordered_json;

inline Json demo_scenario() {
  std::ifstream in(testing_support::source_path("examples/scenarios/demo.json"));
  return Json::parse(in, nullptr, false);
}

class EmulatorTest : public ::testing::Test {
 protected:
  // Starts the emulator (speed: virtual seconds per real second) and builds the clients.
  void start(const Json& scenario, double speed = 20.0) {
    ASSERT_FALSE(scenario.is_discarded()) << "scenario does not parse";
    m_scenario_file = testing_support::write_temp_scenario(scenario);
    ASSERT_FALSE(m_scenario_file.empty());
    auto emu = testing_support::EmulatorProcess::start({m_scenario_file, speed, true});
    ASSERT_TRUE(emu.ok()) << emu.error().describe();
    emulator = std::move(*emu);
    transport = aws::make_socket_transport({});
    aws::ClientConfig config;
    config.region = "us-east-1";
    for (auto s : {aws::Service::Ecs, aws::Service::Ecr, aws::Service::Logs, aws::Service::Sts}) {
      config.endpoints[s] = emulator->endpoint();
    }
    client = std::make_unique<aws::AwsClient>(*transport, credentials, clock, config);
    ecs = std::make_unique<services::EcsClient>(*client);
    ecr = std::make_unique<services::EcrClient>(*client);
    logs = std::make_unique<services::LogsClient>(*client);
    sts = std::make_unique<services::StsClient>(*client);
  }
  void TearDown() override {
    emulator.reset();
    if (!m_scenario_file.empty()) {
      std::remove(m_scenario_file.c_str());
    }
  }
  engine::Clients clients() { return {*ecs, *ecr, *logs, *sts}; }

  std::vector<std::string> mutating_requests() {
    std::vector<std::string> out;
    auto log = emulator->requests();
    EXPECT_TRUE(log.ok());
    if (log) {
      for (const auto& r : *log) {
        if (testing_support::is_mutating_operation(r.operation)) {
          out.push_back(r.operation);
        }
      }
    }
    return out;
  }

  util::SystemClock clock;
  aws::StaticProvider credentials{aws::Credentials{"AKIAEMULATORDEMO0001",
                                                   "emulator/demo/secret/key/not/a/real/one/0001",
                                                   "", std::nullopt, "test"}};
  std::unique_ptr<testing_support::EmulatorProcess> emulator;
  std::unique_ptr<aws::HttpTransport> transport;
  std::unique_ptr<aws::AwsClient> client;
  std::unique_ptr<services::EcsClient> ecs;
  std::unique_ptr<services::EcrClient> ecr;
  std::unique_ptr<services::LogsClient> logs;
  std::unique_ptr<services::StsClient> sts;
  testing_support::RecordingReporter reporter;

 private:
  std::string m_scenario_file;
};

}  // namespace component
