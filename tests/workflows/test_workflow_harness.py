"""The ECS Deploy and ECS Scale templates run for real: the built ecsdeploy (through this
repository's action.yml) against ecs-emulator, with GitHub's OIDC exchange done against the
emulator's STS (AssumeRoleWithWebIdentity), exactly as configure-aws-credentials does.

Only the steps that need the internet are replaced: actions/checkout (the workspace is already
there) and aws-actions/configure-aws-credentials (a web identity token -> the emulator's STS).
Everything else, validation, the composite action and the summary, runs as written.
"""

import base64
import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emulator_process  # noqa: E402
import gha_runner  # noqa: E402
import workflow_fixtures as fx  # noqa: E402

SOURCE = os.environ.get("ECSDEPLOY_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BUILD = os.environ.get("ECSDEPLOY_BUILD_DIR", os.path.join(SOURCE, "build"))
ECSDEPLOY = os.path.join(BUILD, "src", "ecsdeploy")
SCENARIO = os.path.join(SOURCE, "examples/scenarios/demo.json")

VARIABLES = {
    "AWS_DEPLOY_ROLE_ARN": "arn:aws:iam::123456789012:role/github-deploy",
    "AWS_REGION": "us-east-1",
    "ECS_CLUSTER": "demo",
    "ECS_SERVICE": "web",
    "ECS_CONTAINER": "app",
    "ECS_FAMILY": "web",
}
TD_PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/"


def github_oidc_token(subject):
    """An unsigned JWT shaped like GitHub's ID token (the emulator reads its claims)."""
    def part(d):
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
    claims = {"iss": "https://token.actions.githubusercontent.com", "sub": subject,
              "aud": "sts.amazonaws.com", "exp": int(time.time()) + 3600,
              "repository": "octo-org/octo-app"}
    return part({"alg": "RS256", "typ": "JWT"}) + "." + part(claims) + ".c2lnbmF0dXJl"


def web_identity_credentials(endpoint):
    """What configure-aws-credentials does with OIDC: AssumeRoleWithWebIdentity (unsigned)."""
    def credentials(runner, with_inputs):
        body = urllib.parse.urlencode({
            "Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
            "RoleArn": with_inputs["role-to-assume"],
            "RoleSessionName": with_inputs.get("role-session-name", "GitHubActions"),
            "WebIdentityToken": github_oidc_token(
                f"repo:octo-org/octo-app:environment:{runner.inputs['environment']}"),
        }).encode()
        req = urllib.request.Request(endpoint + "/", data=body,
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            root = ET.fromstring(resp.read())
        ns = {"s": "https://sts.amazonaws.com/doc/2011-06-15/"}
        creds = root.find(".//s:Credentials", ns)
        return {"AWS_ACCESS_KEY_ID": creds.find("s:AccessKeyId", ns).text,
                "AWS_SECRET_ACCESS_KEY": creds.find("s:SecretAccessKey", ns).text,
                "AWS_SESSION_TOKEN": creds.find("s:SessionToken", ns).text}
    return credentials


@unittest.skipUnless(os.access(ECSDEPLOY, os.X_OK) and os.access(emulator_process.binary(BUILD),
                                                                    os.X_OK),
                     "ecsdeploy and ecs-emulator must be built")
class WorkflowAgainstEmulatorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="wf-harness-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.emulator = emulator_process.Emulator(BUILD, SCENARIO, speed=30)
        self.emulator.start()
        self.addCleanup(self.emulator.stop)
        self.canary = os.path.join(self.tmp, "pwned")

    def run_workflow(self, name, inputs, drop_steps=()):
        wf = gha_runner.load(os.path.join(SOURCE, "examples/github", name))
        job_id = next(iter(wf["jobs"]))
        job = wf["jobs"][job_id]
        job["steps"] = [s for s in job["steps"] if s.get("name") not in drop_steps]
        workspace = os.path.join(self.tmp, "ws")
        os.makedirs(workspace, exist_ok=True)
        uses = fx.offline_uses(SOURCE, {"ecsdeploy-path": ECSDEPLOY},
                               credentials=web_identity_credentials(self.emulator.endpoint))
        runner = gha_runner.Runner(workspace, inputs=inputs, variables=VARIABLES, uses=uses,
                                   base_env=emulator_process.isolated_env(self.emulator.endpoint))
        return runner.run_job(wf, job_id)

    def service(self):
        return self.emulator.describe_service("demo", "web")

    def assert_summary_well_formed(self, run):
        tables = fx.markdown_tables(run.summary)  # raises on a malformed table
        self.assertTrue(tables, run.summary)
        self.assertNotIn("AWS_SECRET_ACCESS_KEY", run.summary)
        return tables

    def test_deploy_then_scale_to_zero_and_restore(self):
        run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("v1.2.0", count=2))
        self.assertTrue(run.success, run.output())
        out = run.step("deploy").outputs
        self.assertEqual(out["outcome"], "succeeded")
        self.assertEqual(out["exit-code"], "0")
        self.assertEqual(out["previous-task-definition-arn"], TD_PREFIX + "web:2")
        self.assertEqual(out["task-definition-arn"], TD_PREFIX + "web:3")
        self.assertEqual(out["image"], "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1.2.0")
        tables = self.assert_summary_well_formed(run)
        before_after = next(rows for header, rows in tables
                            if [h.lower() for h in header[1:3]] == ["before", "after"])
        td_row = next(r for r in before_after if r[0].lower() == "task definition")
        self.assertEqual([c.strip("`") for c in td_row[1:3]], ["web:2", "web:3"])
        target = next(rows for header, rows in tables if header[0] == "environment")
        self.assertEqual(target, [["staging", "demo", "web", "v1.2.0", "2", "succeeded"]])
        svc = self.service()
        self.assertEqual((svc["taskDefinition"], svc["desiredCount"]), (TD_PREFIX + "web:3", 2))

        run = self.run_workflow("ecs-scale.yml", {"desired-count": "0", "restore": False,
                                                  "environment": "staging"})
        self.assertTrue(run.success, run.output())
        self.assertEqual(run.step("scale").outputs["outcome"], "succeeded")
        self.assert_summary_well_formed(run)
        svc = self.service()
        self.assertEqual((svc["desiredCount"], svc["runningCount"]), (0, 0))

        run = self.run_workflow("ecs-scale.yml", {"desired-count": "", "restore": True,
                                                  "environment": "staging"})
        self.assertTrue(run.success, run.output())
        self.assert_summary_well_formed(run)
        svc = self.service()
        self.assertEqual((svc["desiredCount"], svc["runningCount"]), (2, 2))
        self.assertEqual(svc["taskDefinition"], TD_PREFIX + "web:3")

    def test_a_crashing_image_fails_the_job_and_says_why(self):
        run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("v1.3.0-crash", count=2))
        self.assertFalse(run.success)
        deploy = run.step("deploy")
        self.assertEqual(deploy.outcome, "failure")
        self.assertEqual(deploy.outputs["exit-code"], "4")
        self.assertEqual(deploy.outputs["outcome"], "rollout-failed")
        self.assertTrue(run.annotations("error"), run.output())
        self.assertEqual(run.step("Job summary").outcome, "success")
        self.assert_summary_well_formed(run)
        self.assertIn("DATABASE_URL", run.summary + run.output())  # the crash log line
        # Rolled back: the service runs the revision it ran before.
        self.assertEqual(self.service()["taskDefinition"], TD_PREFIX + "web:2")

    def test_a_tag_missing_in_ecr_fails_preflight_and_changes_nothing(self):
        run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("v9.9.9"))
        self.assertFalse(run.success)
        out = run.step("deploy").outputs
        self.assertEqual((out["exit-code"], out["outcome"]), ("3", "preflight-failed"))
        self.assertIn("v9.9.9", run.output())
        svc = self.service()
        self.assertEqual((svc["taskDefinition"], svc["desiredCount"]), (TD_PREFIX + "web:2", 2))

    def test_injected_tags_never_execute_even_past_the_validation_step(self):
        for tag in (f"$(touch {self.canary})", f"; touch {self.canary}", f"`touch {self.canary}`"):
            with self.subTest(tag=tag):
                run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs(tag))
                self.assertEqual(run.steps[0].outcome, "failure")
                self.assertEqual(len(run.annotations("error")), 1)
                # Without the guard, ecsdeploy gets the text as one argument and rejects it.
                run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs(tag),
                                        drop_steps=("Validate inputs",))
                out = run.step("deploy").outputs
                self.assertEqual((out["exit-code"], out["outcome"]), ("2", "invalid-input"))
                self.assertFalse(os.path.exists(self.canary))
        self.assertEqual(self.service()["taskDefinition"], TD_PREFIX + "web:2")


def has_wait_until():
    """`deploy --wait-until` (issue 11) is in the built binary."""
    if not os.access(ECSDEPLOY, os.X_OK) or not os.access(emulator_process.binary(BUILD), os.X_OK):
        return False
    import subprocess
    deploy = subprocess.run([ECSDEPLOY, "deploy", "--help"], capture_output=True, text=True).stdout
    return "--wait-until" in deploy


def has_continue():
    """`ecsdeploy continue` (issue 11) is in the built binary."""
    if not os.access(ECSDEPLOY, os.X_OK):
        return False
    import subprocess
    general = subprocess.run([ECSDEPLOY, "--help"], capture_output=True, text=True).stdout
    return any(line.split()[:1] == ["continue"] for line in general.splitlines())


@unittest.skipUnless(has_wait_until(), "needs ecsdeploy with deploy --wait-until, and ecs-emulator")
class ApprovalWorkflowAgainstEmulatorTest(unittest.TestCase):
    """ecs-deploy-approve.yml on examples/scenarios/bluegreen.json (BLUE_GREEN, a PAUSE hook after
    the test traffic shift, 10-minute bake): the deploy job stops at the pause, then the approval
    job resumes it to the end, or the reject job rolls it back."""

    SCENARIO = os.path.join(SOURCE, "examples/scenarios/bluegreen.json")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="wf-approve-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.emulator = emulator_process.Emulator(BUILD, self.SCENARIO, speed=60).start()
        self.addCleanup(self.emulator.stop)
        self.wf = gha_runner.load(os.path.join(SOURCE, "examples/github/ecs-deploy-approve.yml"))

    def run_job(self, job_id, needs):
        workspace = os.path.join(self.tmp, "ws")
        os.makedirs(workspace, exist_ok=True)
        uses = fx.offline_uses(SOURCE, {"ecsdeploy-path": ECSDEPLOY},
                               credentials=web_identity_credentials(self.emulator.endpoint))
        runner = gha_runner.Runner(workspace, inputs=fx.deploy_inputs("v1.4.0", count=2),
                                   variables=VARIABLES, uses=uses,
                                   base_env=emulator_process.isolated_env(self.emulator.endpoint))
        if not runner.job_runs(self.wf, job_id, needs):
            return None
        return runner.run_job(self.wf, job_id, needs=needs)

    def deploy_until_paused(self):
        run = self.run_job("deploy", {})
        self.assertTrue(run.success, run.output())
        out = run.outputs
        self.assertEqual(out["outcome"], "paused", run.output())
        self.assertEqual(out["lifecycle-stage"], "POST_TEST_TRAFFIC_SHIFT")
        self.assertTrue(out["hook-id"])
        self.assertTrue(out["service-deployment-arn"].startswith(
            "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/"))
        sd = self.service_deployment(out["service-deployment-arn"])
        self.assertEqual(sd["status"], "IN_PROGRESS")
        self.assertEqual([h["status"] for h in sd["lifecycleHookDetails"]
                          if h["hookId"] == out["hook-id"]], ["AWAITING_ACTION"])
        return run

    def service_deployment(self, arn):
        import boto3  # the peer client of tests/emulator_conformance; bluegreen.json's user
        ecs = boto3.client("ecs", endpoint_url=self.emulator.endpoint, region_name="us-east-1",
                           aws_access_key_id="AKIAEMULATORDEMO0001",
                           aws_secret_access_key="emulator/demo/secret/key/not/a/real/one/0001")
        return ecs.describe_service_deployments(serviceDeploymentArns=[arn])[
            "serviceDeployments"][0]

    def test_the_deploy_job_stops_at_the_pause_and_says_where(self):
        deploy = self.deploy_until_paused()
        # ecsdeploy's own summary: the stages so far, drawn and as a table.
        self.assertIn("```mermaid\ngantt\n", deploy.summary)
        stages = [rows for header, rows in fx.markdown_tables(deploy.summary)
                  if "Stage" in header]
        self.assertTrue(stages, deploy.summary)
        self.assertIn("`POST_TEST_TRAFFIC_SHIFT`", [row[1] for row in stages[0]])
        needs = {"deploy": deploy.needs_entry(), "approve": {"result": "failure", "outputs": {}},
                 "reject": {"result": "skipped", "outputs": {}}}
        summary = self.run_job("summary", needs)
        (_, target), (_, steps) = fx.markdown_tables(summary.summary)
        self.assertEqual(target[0][4], deploy.outputs["hook-id"])
        self.assertEqual(steps[0][0], "deploy to the pause (POST_TEST_TRAFFIC_SHIFT)")

    @unittest.skipUnless(has_continue(), "needs ecsdeploy continue")
    def test_approved_deployment_runs_to_the_end(self):
        deploy = self.deploy_until_paused()
        needs = {"deploy": deploy.needs_entry()}
        approve = self.run_job("approve", needs)
        self.assertTrue(approve.success, approve.output())
        self.assertEqual(approve.outputs["outcome"], "succeeded", approve.output())
        needs["approve"] = approve.needs_entry()
        self.assertIsNone(self.run_job("reject", needs))
        needs["reject"] = {"result": "skipped", "outputs": {}}
        summary = self.run_job("summary", needs)
        tables = fx.markdown_tables(summary.summary)
        self.assertEqual(tables[0][1][0][-2:], ["approved", "succeeded"])
        self.assertIn("```mermaid\ngantt\n", summary.summary)
        svc = self.emulator.describe_service("demo", "web")
        self.assertEqual((svc["taskDefinition"], svc["runningCount"]), (TD_PREFIX + "web:3", 2))

    @unittest.skipUnless(has_continue(), "needs ecsdeploy continue")
    def test_rejected_deployment_is_rolled_back(self):
        deploy = self.deploy_until_paused()
        needs = {"deploy": deploy.needs_entry(),
                 "approve": {"result": "failure", "outputs": {}}}  # the reviewer rejected it
        reject = self.run_job("reject", needs)
        self.assertIsNotNone(reject)
        self.assertNotEqual(reject.outputs["outcome"], "", reject.output())
        sd = self.service_deployment(deploy.outputs["service-deployment-arn"])
        deadline = time.monotonic() + 60
        while sd["status"] not in ("ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "SUCCESSFUL") \
                and time.monotonic() < deadline:
            time.sleep(0.5)
            sd = self.service_deployment(deploy.outputs["service-deployment-arn"])
        self.assertEqual(sd["status"], "ROLLBACK_SUCCESSFUL")
        svc = self.emulator.describe_service("demo", "web")
        self.assertEqual(svc["taskDefinition"], TD_PREFIX + "web:2")


if __name__ == "__main__":
    unittest.main(verbosity=2)
