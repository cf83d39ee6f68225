"""End to end: fleet deploys under ECS's API limits (issue 12), `ecsdeploy deploy
--all-services` against ecs-emulator with its ECS token buckets on (POST /_emulator/faults
{"ecsTokenBuckets": true}: the published burst and refill per account and region).

- 50 services sharing one family succeed with no ThrottlingException shown to the user, and
  what they share is asked once (one RegisterTaskDefinition for the family);
- one bad service among 20 fails and only it is rolled back (exit 4), the others keep v2;
- a throttling storm injected on DescribeServices during the watch changes no verdict.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))

import fleet  # noqa: E402
from build_tree import ECSDEPLOY, EMULATOR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator  # noqa: E402
from ecsdeploy_cli import cli_env  # noqa: E402

SPEED = 50


class FleetE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def start(self, services, bad=0):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-e2e-fleet-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.tmp]))
        path = fleet.write(self.tmp, services, bad=bad)
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=SPEED)
        self.emulator.start()
        self.addCleanup(self.emulator.stop)
        self.endpoint = self.emulator.endpoint
        fleet.control(self.endpoint, "POST", "faults", {"ecsTokenBuckets": True})
        self.env = cli_env(self.endpoint, self.tmp, fleet.KEY_ID, fleet.SECRET,
                           extra={"NO_COLOR": "1"})

    def argv(self):
        return [ECSDEPLOY, "deploy", "--all-services", "--image-tag", "v2", "--output", "json",
                "--timeout", "10m"]

    def deploy(self):
        r = subprocess.run(self.argv(), env=self.env, capture_output=True, text=True,
                           timeout=600, cwd=self.tmp)
        return r, json.loads(r.stdout)

    def outcomes(self, result):
        return {s["service"]: s["outcome"] for s in result["services"]}

    def test_fifty_services_succeed_without_throttling_reaching_the_user(self):
        self.start(50)
        r, result = self.deploy()
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        self.assertEqual(set(self.outcomes(result).values()), {"succeeded"})
        self.assertNotIn("Throttling", r.stdout + r.stderr)
        self.assertNotIn("throttled", r.stdout + r.stderr)
        log = fleet.requests(self.endpoint)
        # One family, one image change: one new revision, every service on it.
        self.assertEqual(fleet.count(log, "RegisterTaskDefinition"), 1)
        revisions = {s["task_definition_arn"] for s in result["services"]}
        self.assertEqual(len(revisions), 1, revisions)
        self.assertEqual(fleet.count(log, "DescribeTaskDefinition"), 1)
        self.assertEqual(fleet.count(log, "GetCallerIdentity"), 1)
        self.assertIn("shared by 50 services", r.stderr)

    def test_one_bad_service_among_twenty_is_rolled_back_alone(self):
        self.start(19, bad=1)
        r, result = self.deploy()
        self.assertEqual(r.returncode, 4, r.stderr[-3000:])
        outcomes = self.outcomes(result)
        self.assertEqual(outcomes.pop("bad-0"), "rollout-failed")
        self.assertEqual(set(outcomes.values()), {"succeeded"})
        for s in result["services"]:
            self.assertEqual(s["rolled_back"], s["service"] == "bad-0", s["service"])
        state = fleet.control(self.endpoint, "GET", "state")
        running = {s["serviceName"]: s["taskDefinition"] for s in state["services"]}
        self.assertTrue(running["bad-0"].endswith("/bad-0:1"), running["bad-0"])
        for name in fleet.service_names(19):
            self.assertTrue(running[name].endswith("/web:2"), (name, running[name]))

    def test_a_throttling_storm_on_describe_services_changes_no_verdict(self):
        self.start(10, bad=1)
        p = subprocess.Popen(self.argv(), env=self.env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=self.tmp)
        self.addCleanup(lambda: p.poll() is None and p.kill())
        # The storm starts once every service is updated: the watch's DescribeServices.
        deadline = time.monotonic() + 120
        while fleet.count(fleet.requests(self.endpoint), "UpdateService") < 11:
            self.assertLess(time.monotonic(), deadline, "the updates never came")
            self.assertIsNone(p.poll(), "ecsdeploy ended before updating every service")
            time.sleep(0.05)
        fleet.control(self.endpoint, "POST", "faults", {
            "ecsTokenBuckets": True,
            "rules": [{"service": "ecs", "operation": "DescribeServices", "type": "throttle",
                       "rate": 1.0, "count": 20}]})
        out, err = p.communicate(timeout=600)
        result = json.loads(out)
        self.assertEqual(p.returncode, 4, err[-3000:])
        outcomes = self.outcomes(result)
        self.assertEqual(outcomes.pop("bad-0"), "rollout-failed")
        self.assertEqual(set(outcomes.values()), {"succeeded"})
        storm = [e for e in fleet.requests(self.endpoint)
                 if e.get("operation") == "DescribeServices" and e.get("fault") == "throttle"]
        self.assertEqual(len(storm), 20)  # the storm did happen, all of it


if __name__ == "__main__":
    unittest.main()
