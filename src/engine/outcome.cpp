#include "engine/outcome.h"

namespace engine {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::Succeeded:
      return "succeeded";
    case Outcome::Error:
      return "error";
    case Outcome::InvalidInput:
      return "invalid-input";
    case Outcome::PreflightFailed:
      return "preflight-failed";
    case Outcome::RolloutFailed:
      return "rollout-failed";
    case Outcome::TimedOut:
      return "timed-out";
    case Outcome::Interrupted:
      return "interrupted";
    case Outcome::Paused:
      return "paused";
    case Outcome::ReachedStage:
      return "reached-stage";
  }
  return "error";
}

bool successful(Outcome outcome) {
  return outcome == Outcome::Succeeded || outcome == Outcome::Paused ||
         outcome == Outcome::ReachedStage;
}

namespace {
int severity(Outcome o) {
  switch (o) {
    case Outcome::Succeeded:
      return 0;
    case Outcome::ReachedStage:
      return 1;
    case Outcome::Paused:
      return 2;
    case Outcome::TimedOut:
      return 3;
    case Outcome::RolloutFailed:
      return 4;
    case Outcome::PreflightFailed:
      return 5;
    case Outcome::InvalidInput:
      return 6;
    case Outcome::Error:
      return 7;
    case Outcome::Interrupted:
      return 8;
  }
  return 5;
}
}  // namespace

Outcome worst_outcome(Outcome a, Outcome b) {
  return severity(b) > severity(a) ? b : a;
}

}  // namespace engine
