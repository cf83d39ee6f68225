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

// The outcome of a run over several services (deploy --services): the worse of two, ranked
// Interrupted (130) > Error (1) > InvalidInput (2) > PreflightFailed (3) > RolloutFailed (4) >
// TimedOut (5) > Succeeded (0). A failed rollout beats a timeout because it is known to have
// failed, while a timed-out deployment may still succeed; an unexpected error beats both since
// the state of that service is unknown; Ctrl-C stops the whole run. Usage and preflight errors
// stop a run before anything changes, so they never mix with rollout outcomes in practice.
Outcome worst_outcome(Outcome a, Outcome b);

}  // namespace engine
