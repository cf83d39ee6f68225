#pragma once
// Shared gtest fixture for tests that run engine::deploy against FakeAws: a manual clock, the
// fake AWS, a recording reporter and options naming the standard service (stg/web/app).
// Subclasses adjust `aws` and `options` in their own SetUp after calling this one.

#include <gtest/gtest.h>

#include "engine/deploy.h"
#include "engine/testing/fake_aws.h"
#include "support/manual_clock.h"
#include "support/recording_reporter.h"
#include "util/clock.h"

namespace engine::testing_fixture {

class DeployFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    util::reset_interrupt_for_tests();
    aws.standard_setup();
    options.cluster = "stg";
    options.service = "web";
    options.container = "app";
  }
  void TearDown() override { util::reset_interrupt_for_tests(); }

  OperationResult run() {
    auto clients = aws.clients();
    return deploy(clients, clock, reporter, options);
  }

  testing_support::ManualClock clock;
  fake::FakeAws aws{clock};
  testing_support::RecordingReporter reporter;
  DeployOptions options;
};

}  // namespace engine::testing_fixture
