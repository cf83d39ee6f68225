"""`ecsdeploy scale` warns about an Application Auto Scaling target whose bounds would undo the
new count, against the built ecs-emulator (the demo scenario plus a `scalableTargets` entry).

The warning is advisory: the scale still happens and the exit code stays 0.
"""

import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))
from build_tree import DEMO_SCENARIO, ECSDEPLOY, EMULATOR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator, load_scenario, scenario_credentials  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402

KEY_ID, SECRET = scenario_credentials(load_scenario(DEMO_SCENARIO))
TARGET = ["--cluster", "demo", "--service", "web"]


class ScaleAutoScaling(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def start(self, targets):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-aas-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        scenario = load_scenario(DEMO_SCENARIO)
        scenario["scalableTargets"] = targets
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=50)
        self.addCleanup(emulator.stop)
        self.endpoint = emulator.start().endpoint

    def scale(self, *args):
        env = cli_env(self.endpoint, self.tmp, KEY_ID, SECRET)
        r = run_ecsdeploy(["scale", *TARGET, *args], env, cwd=self.tmp)
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        return r

    def test_minimum_above_zero_warns_and_still_scales(self):
        self.start([{"resourceId": "service/demo/web", "minCapacity": 2, "maxCapacity": 4}])
        r = self.scale("--desired-count", "0", "--no-wait")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Application Auto Scaling target service/demo/web has MinCapacity 2 > "
                      "desired count 0: it will scale the service back up", r.stderr)
        self.assertIn("register-scalable-target", r.stderr)

    def test_suspended_scale_out_is_quiet(self):
        self.start([{"resourceId": "service/demo/web", "minCapacity": 2, "maxCapacity": 4,
                     "dynamicScalingOutSuspended": True}])
        r = self.scale("--desired-count", "0", "--no-wait")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("Application Auto Scaling", r.stdout + r.stderr)

    def test_no_target_is_quiet(self):
        self.start([])
        r = self.scale("--desired-count", "0", "--no-wait")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("Application Auto Scaling", r.stdout + r.stderr)


if __name__ == "__main__":
    unittest.main()
