"""End to end: what ecsdeploy shows of ECS-native strategies before and around a deployment.

The built ecsdeploy against the built ecs-emulator, seeded with the demo scenario plus three
steady services of the same family: BLUE_GREEN (15 min bake, a PAUSE hook after the test
traffic shift, an alarm), LINEAR (25 % steps) and CANARY (10 % for 20 min). The clock is frozen
(--speed 0) and moved by /_emulator/advance, so a pause stays paused while ecsdeploy looks.
`deploy --dry-run` shows the strategy and its minimum duration with zero mutating calls;
`status` shows a paused deployment's stage, weights and hook; a deploy over it is refused
naming the stage and the hook; `history` marks the deployment rolled back once the pause is
continued with ROLLBACK (through boto3, as another engineer would).
"""

import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "py"))

from build_tree import DEMO_SCENARIO, ECSDEPLOY, EMULATOR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator, load_scenario, scenario_credentials  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402
from fleet import control, requests  # noqa: E402

ACCOUNT, REGION = "123456789012", "us-east-1"
BLUE_TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/blue/0123456789abcdef"
GREEN_TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/green/fedcba9876543210"
RULE = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener-rule/app/web/1/2/3"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ecs-infrastructure"
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d4e5f60718"],
                                   "securityGroups": ["sg-0a1b2c3d4e5f60718"]}}
MUTATING_PREFIXES = ("Create", "Update", "Register", "Deregister", "Delete", "Stop", "Start",
                     "Continue", "Put", "Tag", "Untag", "Run", "Set", "Submit")


def staged_service(name, config):
    return {"name": name, "cluster": "demo", "taskDefinition": "web", "desiredCount": 2,
            "networkConfiguration": NETWORK, "deploymentConfiguration": config,
            "loadBalancers": [{"targetGroupArn": BLUE_TG, "containerName": "app",
                               "containerPort": 8080,
                               "advancedConfiguration": {"alternateTargetGroupArn": GREEN_TG,
                                                         "productionListenerRule": RULE,
                                                         "roleArn": ROLE}}]}


BLUE_GREEN = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 15,
              "lifecycleHooks": [{"targetType": "PAUSE",
                                  "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"],
                                  "timeoutConfiguration": {"timeoutInMinutes": 60,
                                                           "action": "ROLLBACK"}}],
              "alarms": {"alarmNames": ["web-5xx"], "enable": True, "rollback": True}}
LINEAR = {"strategy": "LINEAR", "bakeTimeInMinutes": 10,
          "linearConfiguration": {"stepPercent": 25.0, "stepBakeTimeInMinutes": 4}}
CANARY = {"strategy": "CANARY", "bakeTimeInMinutes": 5,
          "canaryConfiguration": {"canaryPercent": 10.0, "canaryBakeTimeInMinutes": 20}}


class StrategyPlanE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-strategy-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        scenario = load_scenario(DEMO_SCENARIO)
        scenario["services"] += [staged_service("bg", BLUE_GREEN),
                                 staged_service("lin", LINEAR),
                                 staged_service("can", CANARY)]
        scenario.setdefault("alarms", []).append({"name": "web-5xx"})
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        self.key, self.secret = scenario_credentials(scenario)
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=0).start()
        self.addCleanup(self.emulator.stop)

    def run_cli(self, args):
        env = cli_env(self.emulator.endpoint, self.tmp, self.key, self.secret)
        r = run_ecsdeploy(args, env, cwd=self.tmp)
        self.assertNotIn(self.secret, r.stdout + r.stderr)
        return r

    def target(self, service):
        return ["--cluster", "demo", "--service", service]

    def ecs(self):
        import boto3  # only the tests that start a deployment by hand need it
        return boto3.client("ecs", region_name=REGION, endpoint_url=self.emulator.endpoint,
                            aws_access_key_id=self.key, aws_secret_access_key=self.secret)

    def current(self, ecs, service):
        svc = ecs.describe_services(cluster="demo", services=[service])["services"][0]
        return ecs.describe_service_deployments(
            serviceDeploymentArns=[svc["currentServiceDeployment"]])["serviceDeployments"][0]

    def advance_until(self, ecs, service, done, limit=3600, step=5):
        for _ in range(limit // step):
            control(self.emulator.endpoint, "POST", "advance?seconds=%d" % step)
            sd = self.current(ecs, service)
            if done(sd):
                return sd
        self.fail("%s: the condition never held; last %s" % (service, sd))

    def pause_bg(self):
        """Starts a deployment of bg with boto3 and advances until its PAUSE hook waits."""
        ecs = self.ecs()
        ecs.update_service(cluster="demo", service="bg", forceNewDeployment=True)

        def awaiting(sd):
            return any(h["status"] == "AWAITING_ACTION"
                       for h in sd.get("lifecycleHookDetails", []))
        sd = self.advance_until(ecs, "bg", awaiting)
        hook = next(h for h in sd["lifecycleHookDetails"] if h["status"] == "AWAITING_ACTION")
        return ecs, sd, hook

    # --- the plan ------------------------------------------------------------------------

    def test_dry_run_shows_each_strategy_and_its_minimum_with_zero_writes(self):
        want = {
            "bg": ["strategy: BLUE_GREEN, bake 15 min",
                   "hook at POST_TEST_TRAFFIC_SHIFT: PAUSE (timeout 1 h, then ROLLBACK)",
                   "alarms: web-5xx (rollback)",
                   "new revision on " + GREEN_TG,
                   "duration: at least 15 min", "up to 1 h 15 min with every pause timing out"],
            "lin": ["strategy: LINEAR, 4 production steps of 25%, 4 min between steps, bake 10 min",
                    "duration: at least 22 min"],
            "can": ["strategy: CANARY, 10% of production for 20 min, then 100%, bake 5 min",
                    "duration: at least 25 min"],
        }
        for service, lines in want.items():
            with self.subTest(service=service):
                control(self.emulator.endpoint, "DELETE", "requests")
                r = self.run_cli(["deploy", *self.target(service), "--container", "app",
                                  "--image-tag", "v1.1.0", "--dry-run", "--timeout", "2h"])
                self.assertEqual(r.returncode, 0, r.stderr)
                for line in lines:
                    self.assertIn(line, r.stderr)
                self.assertNotIn("warning:", r.stderr)
                calls = [e["operation"] for e in requests(self.emulator.endpoint)]
                self.assertTrue(calls, "the dry run made no calls at all")
                self.assertEqual([c for c in calls if c.startswith(MUTATING_PREFIXES)], [], calls)
        # JSON: the same summary as typed members.
        r = self.run_cli(["deploy", *self.target("lin"), "--container", "app", "--image-tag",
                          "v1.1.0", "--dry-run", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        strategy = json.loads(r.stdout)["strategy"]
        self.assertEqual((strategy["strategy"], strategy["steps"], strategy["minimum_minutes"]),
                         ("LINEAR", 4, 22))
        # A rolling service without hooks or alarms: nothing new is said.
        r = self.run_cli(["deploy", *self.target("web"), "--container", "app", "--image-tag",
                          "v1.1.0", "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("strategy:", r.stderr)

    def test_a_timeout_shorter_than_the_minimum_is_warned_about(self):
        r = self.run_cli(["deploy", *self.target("can"), "--container", "app", "--image-tag",
                          "v1.1.0", "--dry-run", "--timeout", "10m"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("takes at least 25 min, more than --timeout 10 min", r.stderr)
        self.assertIn("--wait-until", r.stderr)
        # A run that does not wait for the end is not warned.
        r = self.run_cli(["deploy", *self.target("can"), "--container", "app", "--image-tag",
                          "v1.1.0", "--dry-run", "--timeout", "10m", "--no-wait"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("warning: a CANARY deployment", r.stderr)
        # Nor one that stops at a stage: what follows runs on in ECS.
        r = self.run_cli(["deploy", *self.target("can"), "--container", "app", "--image-tag",
                          "v1.1.0", "--dry-run", "--timeout", "10m", "--wait-until",
                          "POST_TEST_TRAFFIC_SHIFT"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("warning: a CANARY deployment", r.stderr)

    # --- around a paused deployment -------------------------------------------------------

    def test_status_preflight_and_history_around_a_paused_blue_green_deployment(self):
        ecs, sd, hook = self.pause_bg()
        hook_id = hook["hookId"]

        r = self.run_cli(["status", *self.target("bg")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("deployment BLUE_GREEN IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT", r.stdout)
        self.assertIn("new  web:2 2/2 test 100% production 0%", r.stdout)
        self.assertIn("old  web:2 2/2 test 0% production 100%", r.stdout)
        self.assertIn("production 0%", r.stdout)
        self.assertIn("PAUSE hook %s AWAITING_ACTION" % hook_id, r.stdout)
        self.assertIn("then ROLLBACK", r.stdout)
        r = self.run_cli(["status", *self.target("bg"), "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        stages = json.loads(r.stdout)["service_deployment"]["stages"]
        self.assertEqual(stages["strategy"], "BLUE_GREEN")
        self.assertEqual(stages["lifecycle_stage"], "POST_TEST_TRAFFIC_SHIFT")
        self.assertEqual(stages["target"]["test_traffic_weight"], 100)
        self.assertEqual(stages["sources"][0]["production_traffic_weight"], 100)
        self.assertEqual([(h["hook_id"], h["status"], h["timeout_action"])
                          for h in stages["hooks"]], [(hook_id, "AWAITING_ACTION", "ROLLBACK")])
        self.assertIsNotNone(stages["hooks"][0]["expires_at"])
        self.assertEqual(stages["alarms"]["names"], ["web-5xx"])

        # A deploy over it is refused before any change, naming the stage and the hook.
        control(self.emulator.endpoint, "DELETE", "requests")
        r = self.run_cli(["deploy", *self.target("bg"), "--container", "app", "--image-tag",
                          "v1.1.0"])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("at POST_TEST_TRAFFIC_SHIFT; PAUSE hook %s awaits action until" % hook_id,
                      r.stderr)
        self.assertIn("ecsdeploy continue --cluster demo --service bg", r.stderr)
        self.assertIn("--rollback", r.stderr)
        calls = [e["operation"] for e in requests(self.emulator.endpoint)]
        self.assertEqual([c for c in calls if c.startswith(MUTATING_PREFIXES)], [], calls)

        # Rejected by someone else: ECS rolls it back; history says so at a glance.
        ecs.continue_service_deployment(serviceDeploymentArn=sd["serviceDeploymentArn"],
                                        hookId=hook_id, action="ROLLBACK")
        self.advance_until(ecs, "bg", lambda d: d["status"] in (
            "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "SUCCESSFUL", "STOPPED"))
        r = self.run_cli(["history", *self.target("bg")])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("BLUE_GREEN FAILED (rolled back)", r.stdout)
        self.assertIn("\u21a9 rolled back", r.stdout)
        r = self.run_cli(["history", *self.target("bg"), "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        deployments = [d for e in json.loads(r.stdout)["entries"] for d in e["deployments"]]
        rolled = [d for d in deployments if d["arn"] == sd["serviceDeploymentArn"]]
        self.assertEqual(len(rolled), 1, deployments)
        self.assertTrue(rolled[0]["rolled_back"])
        self.assertEqual(rolled[0]["strategy"], "BLUE_GREEN")
        self.assertEqual(rolled[0]["status"], "ROLLBACK_SUCCESSFUL")
        # The first (steady) deployment stays a success.
        self.assertTrue(any(not d["rolled_back"] and d["status"] == "SUCCESSFUL"
                            for d in deployments), deployments)


if __name__ == "__main__":
    unittest.main()
