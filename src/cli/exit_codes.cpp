#include "cli/exit_codes.h"

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

ExitCode exit_code_for_outcome(std::string_view outcome) {
  if (outcome == "succeeded" || outcome == "dry-run" || outcome == "started") {
    return ExitCode::Success;
  }
  if (outcome == "preflight-failed") {
    return ExitCode::PreflightFailed;
  }
  if (outcome == "failed" || outcome == "rolled-back" || outcome == "rollback-failed") {
    return ExitCode::RolloutFailed;
  }
  if (outcome == "timed-out") {
    return ExitCode::TimedOut;
  }
  if (outcome == "interrupted") {
    return ExitCode::Interrupted;
  }
  if (outcome == "invalid-input") {
    return ExitCode::Usage;
  }
  return ExitCode::Unexpected;
}

}  // namespace cli
