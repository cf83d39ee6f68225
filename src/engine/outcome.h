#pragma once
// Outcome of an engine operation, one value per documented exit code (PRODUCT.md section 3).

namespace engine {

enum class Outcome {
  Succeeded,        // 0
  Error,            // 1 unexpected error (AWS error, bug)
  InvalidInput,     // 2 bad usage or invalid input
  PreflightFailed,  // 3 nothing was changed
  RolloutFailed,    // 4 circuit breaker, crash loop, rolled back, replaced
  TimedOut,         // 5 gave up waiting; the deployment continues
  Interrupted,      // 130 Ctrl-C while waiting; the deployment continues
};

int exit_code(Outcome outcome);
// "succeeded", "error", "invalid-input", "preflight-failed", "rollout-failed", "timed-out",
// "interrupted" (the JSON output's `outcome`).
const char* to_string(Outcome outcome);

}  // namespace engine
