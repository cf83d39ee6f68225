"""End to end: `ecsdeploy continue` (and `rollback`) on deployments paused at a PAUSE hook.

The built ecsdeploy against the built ecs-emulator, started empty (any key signs as the
account's root). boto3 creates BLUE_GREEN and LINEAR services with PAUSE hooks and starts each
deployment (not `ecsdeploy deploy`); the test waits until the hook is AWAITING_ACTION, then
runs the CLI. The emulator runs at --speed 30 so stages take well under a real second while a
pause (24 virtual hours by default) outlasts the test; the emulator's request log
(/_emulator/requests) tells which calls the CLI sent.
"""

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

import boto3
import botocore.config

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "py"))

from build_tree import ECSDEPLOY, EMULATOR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402

ACCOUNT = "123456789012"
REGION = "us-east-1"
KEY, SECRET = "AKIAEMULATORCONT0001", "continue/e2e/secret/not/a/real/one"
CLUSTER = "prod"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecs-infrastructure"
BLUE_TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/blue/0123456789abcdef"
GREEN_TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/green/fedcba9876543210"
RULE = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener-rule/app/web/1/2/3"
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d4e5f60718"],
                                   "securityGroups": ["sg-0a1b2c3d4e5f60718"]}}
TERMINAL = ("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED")
MUTATING = ("UpdateService", "RegisterTaskDefinition", "StopServiceDeployment",
            "ContinueServiceDeployment", "CreateService", "TagResource")
BLUE_GREEN_PAUSE = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 0,
                    "lifecycleHooks": [{"targetType": "PAUSE",
                                        "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]}


def task_definition(family, image):
    return {"family": family, "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "web", "image": image, "essential": True,
                                      "portMappings": [{"containerPort": 80}]}]}


class ContinueE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-continue-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            f.write("{}")
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=30).start()
        self.addCleanup(self.emulator.stop)
        self.ecs = boto3.session.Session(
            aws_access_key_id=KEY, aws_secret_access_key=SECRET, region_name=REGION).client(
            "ecs", endpoint_url=self.emulator.endpoint,
            config=botocore.config.Config(retries={"total_max_attempts": 1}, proxies={}))
        self.ecs.create_cluster(clusterName=CLUSTER)

    # --- helpers ---------------------------------------------------------------------------

    def control(self, method, path):
        req = urllib.request.Request(f"{self.emulator.endpoint}/_emulator/{path}", method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read() or b"{}")

    def calls_since(self, seq):
        return [r["operation"] for r in self.control("GET", f"requests?since={seq}")["requests"]]

    def last_seq(self):
        return self.control("GET", "requests")["lastSeq"]

    def run_cli(self, *args):
        env = cli_env(self.emulator.endpoint, self.tmp, KEY, SECRET)
        r = run_ecsdeploy(list(args), env, cwd=self.tmp, timeout=300)
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        return r

    def continue_json(self, name, *extra):
        r = self.run_cli("continue", "--cluster", CLUSTER, "--service", name, "--settle", "0",
                         "--timeout", "3m", "--output", "json", *extra)
        return r, (json.loads(r.stdout) if r.stdout.strip() else {})

    def current(self, name):
        svc = self.ecs.describe_services(cluster=CLUSTER, services=[name])["services"][0]
        sd = self.ecs.describe_service_deployments(
            serviceDeploymentArns=[svc["currentServiceDeployment"]])["serviceDeployments"][0]
        return svc, sd

    def wait_for(self, name, until, limit=120):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            svc, sd = self.current(name)
            if until(sd):
                return svc, sd
            time.sleep(0.2)
        self.fail(f"{name}: condition not met; last deployment {json.dumps(sd, default=str)}")

    def awaiting(self, sd):
        return [h for h in sd.get("lifecycleHookDetails", []) if h["status"] == "AWAITING_ACTION"]

    def create(self, name, config):
        """A steady service on revision 1, then a deployment of revision 2 paused at its hook."""
        arns = [self.ecs.register_task_definition(**task_definition(name, image))[
            "taskDefinition"]["taskDefinitionArn"]
            for image in ("public.ecr.aws/nginx/nginx:1.25", "public.ecr.aws/nginx/nginx:1.27")]
        self.ecs.create_service(
            cluster=CLUSTER, serviceName=name, desiredCount=2, taskDefinition=arns[0],
            launchType="FARGATE", networkConfiguration=NETWORK, deploymentConfiguration=config,
            loadBalancers=[{"targetGroupArn": BLUE_TG, "containerName": "web",
                            "containerPort": 80,
                            "advancedConfiguration": {"alternateTargetGroupArn": GREEN_TG,
                                                      "productionListenerRule": RULE,
                                                      "roleArn": ROLE}}])
        # The service's first deployment pauses too (at every step for LINEAR).
        while True:
            _, first = self.wait_for(name, lambda sd: sd["status"] in TERMINAL or self.awaiting(sd))
            if first["status"] in TERMINAL:
                break
            for hook in self.awaiting(first):
                self.ecs.continue_service_deployment(
                    serviceDeploymentArn=first["serviceDeploymentArn"], hookId=hook["hookId"],
                    action="CONTINUE")
        self.assertEqual("SUCCESSFUL", first["status"])
        self.ecs.update_service(cluster=CLUSTER, service=name, taskDefinition=arns[1])
        _, sd = self.wait_for(name, self.awaiting)
        return arns, sd

    # --- tests -----------------------------------------------------------------------------

    def test_continue_resumes_the_pause_and_waits_until_successful(self):
        arns, sd = self.create("web", BLUE_GREEN_PAUSE)
        self.assertEqual("POST_TEST_TRAFFIC_SHIFT", sd["lifecycleStage"])
        r, doc = self.continue_json("web")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertEqual("succeeded", doc["outcome"], doc)
        self.assertIn(f"continued hook {self.awaiting(sd)[0]['hookId']} with CONTINUE",
                      doc["summary"])
        svc, after = self.current("web")
        self.assertEqual(sd["serviceDeploymentArn"], after["serviceDeploymentArn"])
        self.assertEqual("SUCCESSFUL", after["status"])
        self.assertEqual(arns[1], svc["taskDefinition"])

    def test_continue_rollback_ends_rollback_successful(self):
        arns, sd = self.create("web", BLUE_GREEN_PAUSE)
        r, doc = self.continue_json("web", "--rollback")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("rolled back", doc["summary"])
        self.assertIn("ROLLBACK_SUCCESSFUL", doc["summary"])
        svc, after = self.current("web")
        self.assertEqual("ROLLBACK_SUCCESSFUL", after["status"])
        self.assertEqual(arns[0], svc["taskDefinition"])

    def test_rollback_of_a_paused_deployment_goes_through_its_hook(self):
        arns, _ = self.create("web", BLUE_GREEN_PAUSE)
        seq = self.last_seq()
        r = self.run_cli("rollback", "--cluster", CLUSTER, "--service", "web", "--timeout", "3m")
        self.assertEqual(0, r.returncode, r.stderr)
        calls = self.calls_since(seq)
        self.assertIn("ContinueServiceDeployment", calls)
        self.assertNotIn("StopServiceDeployment", calls)
        self.assertNotIn("UpdateService", calls)
        self.assertIn("paused deployment at hook", r.stderr)
        svc, after = self.current("web")
        self.assertEqual("ROLLBACK_SUCCESSFUL", after["status"])
        self.assertEqual(arns[0], svc["taskDefinition"])

    def test_refusals_change_nothing(self):
        _, sd = self.create("web", BLUE_GREEN_PAUSE)
        seq = self.last_seq()
        r, doc = self.continue_json("web", "--hook-id", "not-a-hook")
        self.assertEqual(3, r.returncode, r.stderr)
        self.assertIn(f"awaiting: {self.awaiting(sd)[0]['hookId']}", doc["summary"])
        dry, doc = self.continue_json("web", "--dry-run")
        self.assertEqual(0, dry.returncode, dry.stderr)
        self.assertIn("would continue hook", doc["summary"])
        self.assertEqual([], [c for c in self.calls_since(seq) if c in MUTATING])
        # Once it has ended, nothing awaits: refused, still without a change.
        self.ecs.continue_service_deployment(serviceDeploymentArn=sd["serviceDeploymentArn"],
                                             hookId=self.awaiting(sd)[0]["hookId"],
                                             action="CONTINUE")
        self.wait_for("web", lambda d: d["status"] == "SUCCESSFUL")
        seq = self.last_seq()
        r, doc = self.continue_json("web")
        self.assertEqual(3, r.returncode, r.stderr)
        self.assertIn("has already ended SUCCESSFUL", doc["summary"])
        self.assertEqual([], [c for c in self.calls_since(seq) if c in MUTATING])

    def test_linear_pauses_at_every_step_with_a_new_hook(self):
        _, sd = self.create("steps", {
            "strategy": "LINEAR", "bakeTimeInMinutes": 0,
            "linearConfiguration": {"stepPercent": 50.0, "stepBakeTimeInMinutes": 1},
            "lifecycleHooks": [{"targetType": "PAUSE",
                                "lifecycleStages": ["PRE_PRODUCTION_TRAFFIC_SHIFT"]}]})
        first_hook = self.awaiting(sd)[0]["hookId"]
        # The first continue waits until the deployment completes, through the next step's
        # pause, which a second continue (in this thread) resumes with that step's new hook.
        first = {}
        waiter = threading.Thread(target=lambda: first.update(zip(
            ("r", "doc"), self.continue_json("steps"))))
        waiter.start()
        _, sd = self.wait_for("steps", lambda d: self.awaiting(d)
                              and self.awaiting(d)[0]["hookId"] != first_hook)
        second_hook = self.awaiting(sd)[0]["hookId"]
        r, doc = self.continue_json("steps", "--hook-id", second_hook)
        waiter.join(300)
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn(f"continued hook {second_hook}", doc["summary"])
        self.assertEqual(0, first["r"].returncode, first["r"].stderr)
        self.assertIn(f"continued hook {first_hook}", first["doc"]["summary"])
        _, last = self.current("steps")
        self.assertEqual("SUCCESSFUL", last["status"])
        self.assertEqual(["SUCCEEDED", "SUCCEEDED"],
                         [h["status"] for h in last["lifecycleHookDetails"]])

if __name__ == "__main__":
    unittest.main()
