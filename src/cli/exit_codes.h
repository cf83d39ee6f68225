#pragma once
// Exit codes: a documented contract (README, "Exit codes"). Scripts and CI workflows branch
// on these, so values never change once released.

#include <string>

#include "engine/outcome.h"
#include "util/env.h"
#include "util/error.h"

namespace cli {

enum class ExitCode : int {
  Success = 0,          // the command did what was asked
  Unexpected = 1,       // unexpected error: AWS/auth/network failure, bug
  Usage = 2,            // bad usage or invalid input (nothing was called)
  PreflightFailed = 3,  // a preflight check failed; nothing was changed
  RolloutFailed = 4,    // rollout failed: circuit breaker, crash loop, rolled back, replaced
  TimedOut = 5,         // gave up waiting (--timeout); the deployment may still be running
  Interrupted = 130,    // Ctrl-C (128 + SIGINT); the deployment keeps running
};

constexpr int to_int(ExitCode code) {
  return static_cast<int>(code);
}

// Exit code for an error that ended a command before any outcome was reached.
ExitCode exit_code_for(util::ErrorKind kind);

// The outcome an error that ended a command stands for: invalid-input, interrupted or error.
engine::Outcome outcome_for(util::ErrorKind kind);

// Exit code for an engine operation's outcome (one outcome per documented code).
ExitCode exit_code_for(engine::Outcome outcome);

// Under GITHUB_ACTIONS=true, the workflow command that also shows an invalid-input (exit 2)
// message as an annotation on the run ("::error title=ecsdeploy::...\n"); "" elsewhere.
std::string usage_error_annotation(const util::Env& env, const std::string& message);

}  // namespace cli
