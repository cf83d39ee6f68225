#pragma once
// Per-image behaviour from the scenario, keyed by the full image string or by its tag. An
// image in this account's ECR whose tag (or digest) is absent fails to pull regardless.
#include <string>
#include <vector>

namespace emulator {

struct ImageBehavior {
  // healthy | crash | missingSecret | unhealthy | slowStart | pullError
  std::string kind = "healthy";
  int exit_code = 1;
  std::vector<std::string> log_lines;
  double start_delay_seconds = 0;          // extra time before RUNNING (slowStart, or any kind)
  double crash_after_seconds = 5;          // crash: time spent RUNNING before the exit
  std::string secret_name = "app/secret";  // missingSecret: which secret cannot be found
};

// Virtual durations of the task lifecycle, in seconds; each gets ±jitter (fraction).
struct Timings {
  double provisioning = 4;
  double pull = 8;
  double activating = 3;
  double healthy_grace = 10;  // no health check: counted healthy this long after RUNNING
  double health_check = 20;   // with a health check: HEALTHY/UNHEALTHY this long after RUNNING
  double deactivating = 2;
  double stopping = 6;
  double relaunch_backoff = 10;  // a deployment waits this long after a failed task
  double jitter = 0.25;
  // Blue/green, linear and canary stages (no jitter): a stage that only runs hooks, and one
  // traffic shift (test or one production step) through the load balancer.
  double hook_stage = 5;
  double traffic_shift = 30;
};

// Image reference split as Docker does: registry host, repository path, tag, digest.
struct ImageRef {
  std::string registry;  // empty for Docker Hub style names
  std::string repository;
  std::string tag;
  std::string digest;
};
ImageRef parse_image(const std::string& image);

}  // namespace emulator
