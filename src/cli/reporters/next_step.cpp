#include "cli/reporters/next_step.h"

#include <algorithm>

#include "cli/next_step_text.h"

namespace cli {

std::string next_step(const engine::Finished& f) {
  if (f.dry_run && f.outcome == engine::Outcome::Succeeded) {
    return "";
  }
  const std::string o = engine::to_string(f.outcome);
  // A run whose next steps already say how to follow the deployment gets only the doc.
  const bool names_a_command = std::any_of(f.next.begin(), f.next.end(), [](const engine::Hint& h) {
    return h.step == engine::NextStep::FollowDeployment;
  });
  if (o == "preflight-failed") {
    return "next: fix what the failed checks above say and run it again (docs/troubleshooting.md)";
  }
  if (o == "rollout-failed") {
    return "next: the evidence above says why (docs/troubleshooting.md); " +
           status_command(f.cluster, f.service) +
           " shows what runs now, docs/rollback.md how to go back";
  }
  if (o == "timed-out" || o == "interrupted") {
    return names_a_command
               ? "next: docs/troubleshooting.md if it does not settle, docs/rollback.md "
                 "to stop it"
               : "next: the deployment continues: follow it with " +
                     status_command(f.cluster, f.service) + " (docs/rollback.md to stop it)";
  }
  if (o == "invalid-input") {
    return "next: `ecsdeploy " + (f.command.empty() ? std::string() : f.command + " ") +
           "--help` lists the options";
  }
  if (o == "error") {
    return "next: run it again with -v to see each AWS call; " +
           status_command(f.cluster, f.service) + " shows what runs (docs/troubleshooting.md)";
  }
  return "";
}

std::string with_next_step(const engine::Finished& f, const std::string& line) {
  const std::string next = next_step(f);
  return next.empty() ? line : line + "; " + next;
}

}  // namespace cli
