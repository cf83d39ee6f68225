#include "cli/next_step_text.h"

namespace cli {

namespace {

std::string on_service(const engine::Hint& h) {
  return "--cluster " + h.cluster + " --service " + h.service;
}

}  // namespace

std::string status_command(const std::string& cluster, const std::string& service) {
  if (cluster.empty() || service.empty()) {
    return "`ecsdeploy status`";
  }
  return "`ecsdeploy status --cluster " + cluster + " --service " + service + "`";
}

std::string next_step_text(const engine::Hint& h) {
  using engine::NextStep;
  switch (h.step) {
    case NextStep::FollowDeployment:
      return "follow it with " + status_command(h.cluster, h.service);
    case NextStep::RollBackToLastGood:
      return "`ecsdeploy rollback` returns to the revision that last ran well (docs/rollback.md)";
    case NextStep::ReadDeployRolePolicy:
      return "`ecsdeploy iam-policy " + on_service(h) + "` prints the deploy role's policy";
    case NextStep::GiveDesiredCount:
      return "or pass --desired-count";
    case NextStep::ScaleWithoutRemembering:
      return "or pass --no-remember to scale without it";
    case NextStep::WaitForIdle:
      return "wait for it, or pass --wait-for-idle";
    case NextStep::CheckClusterAndRegion:
      return "check --cluster and the region";
    case NextStep::CheckExpectedAccount:
      return "wrong credentials or profile for --expect-account?";
    case NextStep::CheckFamily:
      return "wrong service or wrong --family?";
    case NextStep::ListRevisions:
      return "`ecsdeploy history` lists the revisions; or roll back with --to-tag";
    case NextStep::LintTaskDefinition:
      return "is this a task definition? (ecsdeploy lint --task-definition FILE)";
    case NextStep::RollbackOnFailure:
      return "or rely on `ecsdeploy deploy --rollback-on-failure`";
    case NextStep::NameGithubRepo:
      return "pass --github-repo OWNER/REPO --github-environment ENV";
    case NextStep::PrintRolePolicies:
      return "`ecsdeploy iam-policy` prints them";
    case NextStep::LintRoles:
      return "see `ecsdeploy lint`";
    case NextStep::ReadStoppedTasks:
      return "a failing `ecsdeploy deploy` prints each stopped task's reason and last log lines; "
             "for about an hour afterwards `ecsdeploy status --cluster C --service S` shows them, "
             "then `aws ecs describe-tasks` and `aws logs get-log-events` "
             "(docs/troubleshooting.md)";
    case NextStep::ContinueDeployment:
      return "approve with `ecsdeploy continue " + on_service(h) + "`";
    case NextStep::RejectDeployment:
      return "reject with `ecsdeploy continue " + on_service(h) +
             " --rollback` (docs/strategies.md)";
  }
  return {};
}

std::string with_hints(const std::string& text, const engine::Hints& hints) {
  std::string out = text;
  for (const auto& h : hints) {
    out += (out.empty() ? "" : "; ") + next_step_text(h);
  }
  return out;
}

std::string message_text(const engine::Message& m) {
  return with_hints(m.text, m.hints);
}

std::string check_detail(const engine::PreflightCheck& c) {
  return with_hints(c.detail, c.hints);
}

std::string summary_text(const engine::Finished& f) {
  return with_hints(f.summary, f.next);
}

std::string summary_text(const engine::OperationResult& r) {
  return with_hints(r.summary, r.next);
}

std::string outcome_word(engine::Outcome outcome, bool dry_run) {
  if (dry_run && outcome == engine::Outcome::Succeeded) {
    return "dry-run";
  }
  return engine::to_string(outcome);
}

}  // namespace cli
