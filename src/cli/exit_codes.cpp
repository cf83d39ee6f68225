#include "cli/exit_codes.h"

#include "cli/workflow_commands.h"

namespace cli {

ExitCode exit_code_for(util::ErrorKind kind) {
  switch (kind) {
    case util::ErrorKind::InvalidInput:
      return ExitCode::Usage;
    case util::ErrorKind::Cancelled:
      return ExitCode::Interrupted;
    case util::ErrorKind::Credentials:
    case util::ErrorKind::Network:
    case util::ErrorKind::Timeout:  // a request timed out, not the rollout wait
    case util::ErrorKind::Throttling:
    case util::ErrorKind::ServerError:
    case util::ErrorKind::ClockSkew:
    case util::ErrorKind::AccessDenied:
    case util::ErrorKind::NotFound:
    case util::ErrorKind::ServiceError:
    case util::ErrorKind::ProtocolError:
    case util::ErrorKind::Internal:
      return ExitCode::Unexpected;
  }
  return ExitCode::Unexpected;
}

engine::Outcome outcome_for(util::ErrorKind kind) {
  switch (exit_code_for(kind)) {
    case ExitCode::Usage:
      return engine::Outcome::InvalidInput;
    case ExitCode::Interrupted:
      return engine::Outcome::Interrupted;
    default:
      return engine::Outcome::Error;
  }
}

ExitCode exit_code_for(engine::Outcome outcome) {
  switch (outcome) {
    case engine::Outcome::Succeeded:
    case engine::Outcome::Paused:        // --wait-until paused was met
    case engine::Outcome::ReachedStage:  // --wait-until STAGE was met
      return ExitCode::Success;
    case engine::Outcome::Error:
      return ExitCode::Unexpected;
    case engine::Outcome::InvalidInput:
      return ExitCode::Usage;
    case engine::Outcome::PreflightFailed:
      return ExitCode::PreflightFailed;
    case engine::Outcome::RolloutFailed:
      return ExitCode::RolloutFailed;
    case engine::Outcome::TimedOut:
      return ExitCode::TimedOut;
    case engine::Outcome::Interrupted:
      return ExitCode::Interrupted;
  }
  return ExitCode::Unexpected;
}

std::string usage_error_annotation(const util::Env& env, const std::string& message) {
  if (env.get_or("GITHUB_ACTIONS", "") != "true") {
    return "";
  }
  return "::error title=ecsdeploy::" + escape_workflow_data(message) + "\n";
}

}  // namespace cli
