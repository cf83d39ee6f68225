"""End to end: ECS-native strategies (BLUE_GREEN, LINEAR, CANARY) as a user runs them.

The built ecsdeploy against the built ecs-emulator, seeded with examples/scenarios/
bluegreen.json (the demo service as BLUE_GREEN with a PAUSE hook after the test traffic shift
and the CloudWatch alarm web-5xx that fires when the v1.3.0-crash image runs), each test
reshaping the service's deployment configuration. --speed 60: a virtual minute is a real
second, so a 1-minute bake and the 60 s settle window pass in seconds. Pauses are continued
(or rolled back) by boto3, an independent client, while ecsdeploy watches.
"""

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "py"))

from build_tree import ECSDEPLOY, EMULATOR, SOURCE_DIR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator, load_scenario, scenario_credentials  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402
from fleet import count, requests  # noqa: E402

SCENARIO = os.path.join(SOURCE_DIR, "examples", "scenarios", "bluegreen.json")
TARGET = ["--cluster", "demo", "--service", "web", "--container", "app"]
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:smoke-test"
MUTATING = ("RegisterTaskDefinition", "UpdateService", "StopServiceDeployment",
            "ContinueServiceDeployment", "CreateService", "DeleteService")


class StrategiesE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def start(self, config=None, lambda_hooks=None, service=None):
        """An emulator whose web service deploys with `config` merged over the scenario's."""
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-strategies-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        scenario = load_scenario(SCENARIO)
        svc = scenario["services"][0]
        if config is not None:
            svc["deploymentConfiguration"].update(config)
            for key in [k for k, v in config.items() if v is None]:
                del svc["deploymentConfiguration"][key]
        svc.update(service or {})
        if lambda_hooks:
            scenario["lambdaHooks"] = lambda_hooks
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        self.key, self.secret = scenario_credentials(scenario)
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=60).start()
        self.addCleanup(self.emulator.stop)
        import boto3  # the independent peer
        self.ecs = boto3.client("ecs", endpoint_url=self.emulator.endpoint, region_name="us-east-1",
                                aws_access_key_id=self.key, aws_secret_access_key=self.secret)

    def env(self, extra=None):
        return cli_env(self.emulator.endpoint, self.tmp, self.key, self.secret, extra=extra)

    def deploy(self, tag, *extra, env_extra=None):
        r = run_ecsdeploy(["deploy", *TARGET, "--image-tag", tag, "--output", "json", *extra],
                          self.env(env_extra), cwd=self.tmp, timeout=300)
        self.assertNotIn(self.secret, r.stdout + r.stderr)
        doc = json.loads(r.stdout) if r.stdout.strip() else {}
        return r, doc

    def current(self):
        svc = self.ecs.describe_services(cluster="demo", services=["web"])["services"][0]
        arn = svc["currentServiceDeployment"]
        return self.ecs.describe_service_deployments(serviceDeploymentArns=[arn])[
            "serviceDeployments"][0]

    def on_pause(self, action, times=1):
        """Continues (or rolls back) the next `times` pause hooks from another thread."""
        done = []

        def act():
            seen = set()
            deadline = time.time() + 120
            while time.time() < deadline and len(done) < times:
                try:
                    sd = self.current()
                except Exception:  # noqa: BLE001 - before our deployment exists
                    time.sleep(0.2)
                    continue
                for h in sd.get("lifecycleHookDetails", []):
                    if h["status"] == "AWAITING_ACTION" and h["hookId"] not in seen:
                        seen.add(h["hookId"])
                        self.ecs.continue_service_deployment(
                            serviceDeploymentArn=sd["serviceDeploymentArn"], hookId=h["hookId"],
                            action=action)
                        done.append(h["hookId"])
                time.sleep(0.2)

        t = threading.Thread(target=act, daemon=True)
        t.start()
        self.addCleanup(t.join, 5)
        return done

    def assert_stage_seen(self, doc, stage):
        stages = [s["stage"] for s in doc["service_deployment"]["stages"]]
        self.assertIn(stage, stages, stages)

    # --- blue/green ------------------------------------------------------------------------

    def test_blue_green_paused_then_approved_runs_to_success(self):
        self.start(config={"bakeTimeInMinutes": 1})
        outputs = os.path.join(self.tmp, "github_output")
        open(outputs, "w").close()
        r, doc = self.deploy("v1.4.0", "--wait-until", "paused",
                             env_extra={"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": outputs})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["outcome"], "paused")
        sd = doc["service_deployment"]
        self.assertEqual(sd["strategy"], "BLUE_GREEN")
        self.assertEqual(sd["lifecycle_stage"], "POST_TEST_TRAFFIC_SHIFT")
        awaiting = [h for h in sd["hooks"] if h["status"] == "AWAITING_ACTION"]
        self.assertEqual(len(awaiting), 1, sd["hooks"])
        self.assertEqual(sd["target"]["test_traffic_weight"], 100.0)
        self.assertEqual(sd["target"]["production_traffic_weight"], 0.0)
        self.assertIn("ecsdeploy continue --cluster demo --service web", r.stderr)
        with open(outputs) as f:
            text = f.read()
        self.assertIn("lifecycle-stage", text)
        self.assertIn(awaiting[0]["hook_id"], text)
        self.assertIn(doc["service_deployment_arn"], text)
        # ECS really is paused there, and goes on when someone approves.
        live = self.current()
        self.assertEqual(live["status"], "IN_PROGRESS")
        self.ecs.continue_service_deployment(serviceDeploymentArn=live["serviceDeploymentArn"],
                                             hookId=awaiting[0]["hook_id"], action="CONTINUE")
        for _ in range(100):
            if self.current()["status"] == "SUCCESSFUL":
                break
            time.sleep(0.2)
        self.assertEqual(self.current()["status"], "SUCCESSFUL")

    def test_blue_green_waited_to_completion_with_an_approval_meanwhile(self):
        self.start(config={"bakeTimeInMinutes": 1})
        approved = self.on_pause("CONTINUE")
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["outcome"], "succeeded")
        self.assertEqual(len(approved), 1)
        sd = doc["service_deployment"]
        self.assertEqual(sd["status"], "SUCCESSFUL")
        # Stages are transient (the approval came within a poll): the long ones are seen.
        for stage in ("BAKE_TIME", "CLEAN_UP"):
            self.assert_stage_seen(doc, stage)
        self.assertIn("PAUSE hook " + approved[0] + " SUCCEEDED at POST_TEST_TRAFFIC_SHIFT",
                      r.stderr)
        self.assertIn("deployment BLUE_GREEN IN_PROGRESS at BAKE_TIME", r.stderr)
        self.assertEqual(self.current()["status"], "SUCCESSFUL")
        # One UpdateService with only the revision, the count and the force flag.
        log = requests(self.emulator.endpoint)
        self.assertEqual(count(log, "UpdateService"), 1)

    def test_wait_until_a_stage_exits_there_with_the_deployment_running_on(self):
        self.start(config={"bakeTimeInMinutes": 30, "lifecycleHooks": None})
        r, doc = self.deploy("v1.4.0", "--wait-until", "ecs:BAKE_TIME")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["outcome"], "reached-stage")
        self.assertEqual(doc["service_deployment"]["lifecycle_stage"], "BAKE_TIME")
        self.assertIn("reached BAKE_TIME", doc["summary"])
        self.assertIn(self.current()["status"], ("IN_PROGRESS", "PENDING"))

    def test_alarm_rolls_back_and_is_named(self):
        self.start(config={"bakeTimeInMinutes": 1, "lifecycleHooks": None})
        r, doc = self.deploy("v1.3.0-crash")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(doc["outcome"], "rollout-failed")
        self.assertIn("ROLLBACK_SUCCESSFUL", doc["failure_reason"])
        self.assertIn("web-5xx", doc["failure_reason"])
        self.assertEqual(doc["service_deployment"]["alarms"]["triggered"], ["web-5xx"])
        self.assertEqual(self.current()["status"], "ROLLBACK_SUCCESSFUL")
        # ECS rolled back by itself: ecsdeploy stopped nothing.
        self.assertEqual(count(requests(self.emulator.endpoint), "StopServiceDeployment"), 0)

    def test_failed_lambda_hook_rolls_back_with_its_name_and_stage(self):
        hooks = [{"targetType": "AWS_LAMBDA", "hookTargetArn": LAMBDA,
                  "roleArn": "arn:aws:iam::123456789012:role/ecs-hooks",
                  "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]
        self.start(config={"bakeTimeInMinutes": 1, "lifecycleHooks": hooks},
                   lambda_hooks={LAMBDA: [{"hookStatus": "FAILED"}]})
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("smoke-test", doc["failure_reason"])
        self.assertIn("POST_TEST_TRAFFIC_SHIFT", doc["failure_reason"])

    def test_pause_timeout_rolls_back(self):
        hooks = [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
                  "timeoutConfiguration": {"timeoutInMinutes": 2, "action": "ROLLBACK"}}]
        self.start(config={"bakeTimeInMinutes": 1, "lifecycleHooks": hooks})
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("timed out", doc["failure_reason"])

    def test_rejected_pause_is_a_rolled_back_failure(self):
        self.start(config={"bakeTimeInMinutes": 1})
        rejected = self.on_pause("ROLLBACK")
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(len(rejected), 1)
        self.assertIn("ROLLBACK_SUCCESSFUL", doc["failure_reason"])
        self.assertEqual(self.current()["status"], "ROLLBACK_SUCCESSFUL")

    # --- linear and canary -------------------------------------------------------------------

    def test_linear_steps_through_production_traffic(self):
        self.start(config={"strategy": "LINEAR", "bakeTimeInMinutes": 1, "lifecycleHooks": None,
                           "linearConfiguration": {"stepPercent": 50.0,
                                                   "stepBakeTimeInMinutes": 1}})
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(doc["service_deployment"]["strategy"], "LINEAR")
        self.assertEqual(doc["service_deployment"]["steps"], 2)
        weights = [s["production_traffic_weight"] for s in doc["service_deployment"]["stages"]
                   if s["stage"] == "PRODUCTION_TRAFFIC_SHIFT"]
        self.assertIn(50.0, weights, doc["service_deployment"]["stages"])
        self.assertIn("step 1/2", r.stderr)

    def test_linear_pauses_at_every_step_with_a_new_hook(self):
        hooks = [{"targetType": "PAUSE", "lifecycleStages": ["PRE_PRODUCTION_TRAFFIC_SHIFT"],
                  "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]
        self.start(config={"strategy": "LINEAR", "bakeTimeInMinutes": 1, "lifecycleHooks": hooks,
                           "linearConfiguration": {"stepPercent": 50.0,
                                                   "stepBakeTimeInMinutes": 1}})
        approved = self.on_pause("CONTINUE", times=2)
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(set(approved)), 2, approved)  # one new hook per step
        self.assertEqual(doc["service_deployment"]["status"], "SUCCESSFUL")

    def test_linear_approved_step_by_step_with_continue(self):
        """The approval flow a person runs: deploy to the first pause, then `continue` to the
        next one (a new hook), then `continue` to the end."""
        hooks = [{"targetType": "PAUSE", "lifecycleStages": ["PRE_PRODUCTION_TRAFFIC_SHIFT"],
                  "timeoutConfiguration": {"timeoutInMinutes": 60, "action": "ROLLBACK"}}]
        self.start(config={"strategy": "LINEAR", "bakeTimeInMinutes": 1, "lifecycleHooks": hooks,
                           "linearConfiguration": {"stepPercent": 50.0,
                                                   "stepBakeTimeInMinutes": 1}})
        r, first = self.deploy("v1.4.0", "--wait-until", "paused")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(first["outcome"], "paused")

        def hook_of(doc):
            return [h["hook_id"] for h in doc["service_deployment"]["hooks"]
                    if h["status"] == "AWAITING_ACTION"]

        def cont(*extra):
            c = run_ecsdeploy(["continue", "--cluster", "demo", "--service", "web",
                               "--output", "json", *extra], self.env(), cwd=self.tmp, timeout=300)
            self.assertNotIn(self.secret, c.stdout + c.stderr)
            return c, json.loads(c.stdout) if c.stdout.strip() else {}

        c, second = cont("--wait-until", "paused")
        self.assertEqual(c.returncode, 0, c.stderr)
        self.assertEqual(second["outcome"], "paused", c.stderr)
        self.assertNotEqual(hook_of(second), hook_of(first))  # the next step's own hook
        self.assertEqual(second["service_deployment"]["step"], 1)
        c, last = cont()
        self.assertEqual(c.returncode, 0, c.stderr)
        self.assertEqual(last["outcome"], "succeeded", c.stderr)
        self.assertEqual(self.current()["status"], "SUCCESSFUL")

    def test_canary_bakes_the_canary_then_shifts_the_rest(self):
        self.start(config={"strategy": "CANARY", "bakeTimeInMinutes": 1, "lifecycleHooks": None,
                           "canaryConfiguration": {"canaryPercent": 10.0,
                                                   "canaryBakeTimeInMinutes": 2}})
        r, doc = self.deploy("v1.4.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        weights = [s["production_traffic_weight"] for s in doc["service_deployment"]["stages"]]
        self.assertIn(10.0, weights, doc["service_deployment"]["stages"])
        self.assertIn("step 1/2", r.stderr)
        self.assertEqual(doc["service_deployment"]["status"], "SUCCESSFUL")

    # --- refusals and input ----------------------------------------------------------------

    def test_bad_wait_until_is_a_usage_error_with_no_call(self):
        self.start()
        r, _ = self.deploy("v1.4.0", "--wait-until", "halfway")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("wait-until", r.stderr)
        self.assertEqual([e for e in requests(self.emulator.endpoint)
                          if e.get("operation") in MUTATING], [])

    def test_express_and_code_deploy_services_are_refused_with_zero_writes(self):
        for service in ({"resourceManagementType": "ECS"},
                        {"deploymentController": {"type": "CODE_DEPLOY"},
                         "deploymentConfiguration": {"minimumHealthyPercent": 100,
                                                     "maximumPercent": 200}}):
            with self.subTest(service=service):
                self.start(service=service)
                r, doc = self.deploy("v1.4.0")
                self.assertEqual(r.returncode, 3, r.stderr)
                self.assertEqual(doc["outcome"], "preflight-failed")
                writes = [e for e in requests(self.emulator.endpoint)
                          if e.get("operation") in MUTATING]
                self.assertEqual(writes, [])


if __name__ == "__main__":
    unittest.main()
