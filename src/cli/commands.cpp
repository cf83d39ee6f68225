// The command registry: one row per subcommand (contributing.md, "Adding a command").
#include "cli/cmd_continue.h"
#include "cli/cmd_deploy.h"
#include "cli/cmd_history.h"
#include "cli/cmd_iam_policy.h"
#include "cli/cmd_init_workflows.h"
#include "cli/cmd_lint.h"
#include "cli/cmd_rollback.h"
#include "cli/cmd_scale.h"
#include "cli/cmd_status.h"
#include "cli/cmd_whoami.h"
#include "cli/command.h"

namespace cli {

namespace {

const Command k_commands[] = {
    {.name = "whoami",
     .synopsis = "Show the AWS account, identity, region and credential source in use",
     .usage = "whoami [--region R] [--profile P] [--output text|json]",
     .description = "Calls STS GetCallerIdentity with the credentials the other commands would\n"
                    "use and prints the account, ARN, region and where the credentials came\n"
                    "from (never the keys).",
     .example = "ecsdeploy whoami --output json",
     .options = whoami_options(),
     .uses_config_file = false,
     .run = run_whoami},
    {.name = "deploy",
     .synopsis = "Deploy an image tag: new revision, one UpdateService, watch until it ends",
     .usage = "deploy --cluster C --service S --container NAME --image-tag TAG [options]",
     .description =
         "Checks everything first (credentials, account, cluster, service, family, container,\n"
         "ECR tag, no deployment in progress) and changes nothing when a check fails (exit 3).\n"
         "Then registers a copy of the family's latest revision with only the container's\n"
         "image tag changed, updates the service once (desired count, force new deployment)\n"
         "and watches this deployment until it succeeded (0), failed (4, with the stopped\n"
         "tasks' reasons and log tails, rolled back unless --no-rollback-on-failure) or timed\n"
         "out (5). Ctrl-C stops watching and leaves the deployment running (130).\n"
         "--services a,b (or --all-services) deploys the tag to several ecsdeploy.yml entries\n"
         "in one run: all preflights first, one batched watch, only failed services rolled\n"
         "back; the exit code is the worst outcome.",
     .example = "ecsdeploy deploy --cluster stg --service web --container app "
                "--image-tag 3f2a9c1 --desired-count 2",
     .options = deploy_options(),
     .run = run_deploy},
    {.name = "scale",
     .synopsis = "Change only the desired count (0 stops the service; --restore brings it back)",
     .usage = "scale --cluster C --service S (--desired-count N | --restore) [--no-wait]",
     .description =
         "Sets the service's desired count and nothing else, remembering the previous count\n"
         "on the service (tag ecsdeploy:previous-desired-count) so that --restore can bring\n"
         "it back. Waits until the running count matches (0: until no task runs) unless\n"
         "--no-wait. Warns when an auto scaling minimum would undo a scale to 0.",
     .example = "ecsdeploy scale --cluster stg --service web --desired-count 0",
     .options = scale_options(),
     .run = run_scale},
    {.name = "rollback",
     .synopsis = "Go back to the last revision that ran well (or --to-revision / --to-tag)",
     .usage = "rollback --cluster C --service S [--to-revision N | --to-tag TAG --container NAME]",
     .description =
         "By default deploys the revision of the last SUCCESSFUL service deployment before\n"
         "the current one (falling back to ecsdeploy's deploy tags, then revision - 1) and\n"
         "says which and why. A deployment in flight is stopped with ROLLBACK. --to-tag goes\n"
         "through the normal deploy path. Same watch and exit codes as deploy.",
     .example = "ecsdeploy rollback --cluster stg --service web",
     .options = rollback_options(),
     .run = run_rollback},
    {.name = "continue",
     .synopsis = "Resume a deployment paused at a PAUSE hook, or reject it with --rollback",
     .usage = "continue --cluster C --service S [--rollback] [--hook-id ID] "
              "[--wait-until completed|paused|STAGE]",
     .description =
         "Finds the PAUSE hook awaiting action on the service's current deployment and\n"
         "calls ContinueServiceDeployment with CONTINUE, then watches the deployment like\n"
         "deploy (until it completes, pauses again, or reaches the --wait-until stage).\n"
         "--rollback sends ROLLBACK instead and waits until ECS's rollback ends\n"
         "ROLLBACK_SUCCESSFUL. No hook awaiting, several without --hook-id, or a --hook-id\n"
         "that does not await: refused, nothing changed (exit 3).",
     .example = "ecsdeploy continue --cluster prod --service web --wait-until paused",
     .options = continue_options(),
     .run = run_continue},
    {.name = "status",
     .synopsis = "Show what the service runs now: revision, image, deployments, events",
     .usage = "status --cluster C --service S [--events N] [--output json]",
     .description =
         "Read-only. Shows the running revision and images, task counts, each deployment\n"
         "with its rollout state, the service deployment in flight and recent events.",
     .example = "ecsdeploy status --cluster stg --service web",
     .options = status_options(),
     .run = run_status},
    {.name = "history",
     .synopsis = "List the family's revisions with image tag, commit and deployment results",
     .usage = "history --cluster C --service S [--family F] [--limit 20] [--output json]",
     .description =
         "Read-only. Revisions newest first with image tag, registration time, the deploy\n"
         "metadata recorded by ecsdeploy (commit, run URL, actor) and which service\n"
         "deployments ran them with what result. Cost grows with --limit only.",
     .example = "ecsdeploy history --cluster stg --service web --limit 10",
     .options = history_options(),
     .run = run_history},
    {.name = "iam-policy",
     .synopsis = "Print least-privilege IAM policies for the deploy, execution and task roles",
     .usage = "iam-policy --cluster C --service S [--task-definition FILE] "
              "[--github-repo O/R --github-environment E] [--format json|terraform|cloudformation]",
     .description =
         "Reads the task definition the service runs (or FILE, offline) and prints the CI\n"
         "deploy role's policy (this service and family only; iam:PassRole only for the\n"
         "task's two roles, only to ecs-tasks.amazonaws.com), the execution role's (pull,\n"
         "logs, only the referenced secrets), a task role skeleton, and the GitHub OIDC\n"
         "trust policy for one repository and environment. Notes go to stderr.",
     .example = "ecsdeploy iam-policy --cluster stg --service web --github-repo octo/app "
                "--github-environment staging --format terraform",
     .options = iam_policy_options(),
     .run = run_iam_policy},
    {.name = "lint",
     .synopsis = "Check the task definition, service and deploy policy for risky settings",
     .usage = "lint [--cluster C --service S] [--task-definition FILE] [--policy FILE] "
              "[--format text|json|github] [--strict]",
     .description =
         "Warns when the task and execution roles are the same or missing, environment\n"
         "values look like secrets, an image uses a mutable tag (latest) or none, a\n"
         "container has no log configuration, or the circuit breaker is off; a policy with\n"
         "iam:PassRole on any role is an error. Exit 0 when clean (or warnings only), 1 on\n"
         "errors, and on warnings too with --strict. --format github prints annotations.",
     .example = "ecsdeploy lint --task-definition taskdef.json --format github --strict",
     .options = lint_options(),
     .run = run_lint},
    {.name = "init-workflows",
     .synopsis = "Write the ECS Deploy and ECS Scale GitHub workflows into this repository",
     .usage = "init-workflows [--environments staging,production] [options]",
     .description =
         "Writes .github/workflows/ecs-deploy.yml and ecs-scale.yml (manual triggers with\n"
         "image tag and desired count inputs), with your environments, action reference and\n"
         "optional committed target names filled in. --approval writes ecs-deploy-approve.yml\n"
         "(deploy until a PAUSE hook, approve or reject), --matrix ecs-deploy-fleet.yml (the\n"
         "targets of ecsdeploy.yml, one job per account and region). Existing files are kept\n"
         "unless --force.",
     .example = "ecsdeploy init-workflows --environments staging,production",
     .options = init_workflows_options(),
     .uses_config_file = false,
     .run = run_init_workflows},
};

}  // namespace

std::span<const Command> commands() {
  return k_commands;
}

const Command* find_command(std::string_view name) {
  for (const Command& c : k_commands) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

}  // namespace cli
