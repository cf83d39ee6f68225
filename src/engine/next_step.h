#pragma once
// What the user can do next, as data. The engine says *what* helps (follow the deployment,
// give a count, check the family); cli/next_step_text words it with the real command and flag
// names, so renaming a flag or a command touches only cli/.

#include <string>
#include <vector>

namespace engine {

enum class NextStep {
  FollowDeployment,         // the deployment continues in ECS: watch it with the status command
  RollBackToLastGood,       // the rollback command returns to the revision that last ran well
  ReadDeployRolePolicy,     // the iam-policy command prints the deploy role's policy
  GiveDesiredCount,         // pass the count explicitly
  ScaleWithoutRemembering,  // scale without recording the previous count
  WaitForIdle,              // wait for the deployment in flight, or let ecsdeploy wait
  CheckClusterAndRegion,    // the cluster name and the region
  CheckExpectedAccount,     // the expected account was given and differs: credentials or profile
  CheckFamily,              // the expected family was given and differs: wrong service or family
  ListRevisions,            // the history command lists revisions; or roll back by tag
  LintTaskDefinition,       // the lint command checks a task definition file
  RollbackOnFailure,        // deploy can roll back by itself on failure
  NameGithubRepo,           // the GitHub repository and environment the deploy role trusts
  PrintRolePolicies,        // the iam-policy command prints least-privilege role policies
  LintRoles,                // the lint command says why the roles should differ
  ReadStoppedTasks,         // where a stopped task's reason and last log lines can be read
  ContinueDeployment,       // the continue command resumes the pause hook awaiting action
  RejectDeployment,         // continue --rollback rolls the paused deployment back
};

struct Hint {
  NextStep step = NextStep::FollowDeployment;
  std::string cluster;  // for steps that name a command line on one service
  std::string service;
};

using Hints = std::vector<Hint>;

}  // namespace engine
