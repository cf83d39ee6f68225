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
  // --wait-until was met before the deployment ended (a success; the deployment continues):
  Paused,        // a PAUSE lifecycle hook awaits action (ecsdeploy continue)
  ReachedStage,  // the deployment reached or passed the asked lifecycle stage
};

// "succeeded", "error", "invalid-input", "preflight-failed", "rollout-failed", "timed-out",
// "interrupted", "paused", "reached-stage" (the JSON output's `outcome`).
const char* to_string(Outcome outcome);

// The command did what was asked: Succeeded, or --wait-until met (Paused, ReachedStage).
bool successful(Outcome outcome);

// The outcome of a run over several services (deploy --services): the worse of two, ranked
// Interrupted > Error > InvalidInput > PreflightFailed > RolloutFailed > TimedOut > Paused >
// ReachedStage > Succeeded (a paused service still needs someone; a reached stage runs on).
// A failed rollout beats a timeout because it is known to have failed, while a timed-out deployment
// may still succeed; an unexpected error beats both since the state of that service is unknown;
// Ctrl-C stops the whole run. Usage and preflight errors stop a run before anything changes, so
// they never mix with rollout outcomes in practice.
Outcome worst_outcome(Outcome a, Outcome b);

}  // namespace engine
