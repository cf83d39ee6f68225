#pragma once
// Outcome of an engine operation. Each maps to one documented exit code, and that mapping
// lives only in cli/exit_codes.

namespace engine {

enum class Outcome {
  Succeeded,
  Error,            // unexpected error (AWS error, bug)
  InvalidInput,     // bad usage or invalid input
  PreflightFailed,  // nothing was changed
  RolloutFailed,    // circuit breaker, crash loop, rolled back, replaced
  TimedOut,         // gave up waiting; the deployment continues
  Interrupted,      // Ctrl-C or SIGTERM while waiting; the deployment continues
};

// "succeeded", "error", "invalid-input", "preflight-failed", "rollout-failed", "timed-out",
// "interrupted" (the JSON output's `outcome`).
const char* to_string(Outcome outcome);

// The outcome of a run over several services (deploy --services): the worse of two, ranked
// Interrupted > Error > InvalidInput > PreflightFailed > RolloutFailed > TimedOut > Succeeded.
// A failed rollout beats a timeout because it is known to have failed, while a timed-out deployment
// may still succeed; an unexpected error beats both since the state of that service is unknown;
// Ctrl-C stops the whole run. Usage and preflight errors stop a run before anything changes, so
// they never mix with rollout outcomes in practice.
Outcome worst_outcome(Outcome a, Outcome b);

}  // namespace engine
