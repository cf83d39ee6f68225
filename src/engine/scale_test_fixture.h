#pragma once
// The fixture scale_test.cpp and scale_autoscaling_test.cpp share: the fake's standard
// service "web" in cluster "stg" at 2 tasks; a new desired count runs from the first look
// after the UpdateService that set it.
// Included by *_test.cpp files only.

#include <gtest/gtest.h>

#include "engine/scale.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"

namespace engine {

class ScaleTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    aws.standard_setup(2);
    aws.on_describe_services = [](fake::FakeAws& f) {
      fake::Json& s = f.service();
      if (s["runningCount"] != s["desiredCount"] && f.looks_after_update() >= 1) {
        s["runningCount"] = s["desiredCount"];
        f.primary()["runningCount"] = s["desiredCount"];
      }
    };
    options.cluster = "stg";
    options.service = "web";
  }
  // Runs scale on the fake's clients, plus `autoscaling` when a test sets it.
  OperationResult run() {
    Clients clients = aws.clients();
    clients.autoscaling = autoscaling;
    return scale(clients, clock, reporter, options);
  }
  // Messages of severity `s` whose text contains `needle`.
  std::vector<Message> messages(Severity s, const std::string& needle) const {
    std::vector<Message> out;
    for (const auto& m : reporter.all<Message>()) {
      if (m.severity == s && m.text.find(needle) != std::string::npos) {
        out.push_back(m);
      }
    }
    return out;
  }

  testing_support::ManualClock clock;
  fake::FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  ScaleOptions options;
  services::AutoScalingClient* autoscaling = nullptr;
};

}  // namespace engine
