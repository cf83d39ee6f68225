"""`ecsdeploy scale` warns about an Application Auto Scaling target whose bounds would undo the
new count, against the built ecs-emulator (the demo scenario plus a `scalableTargets` entry).

The warning is advisory: the scale still happens and the exit code stays 0.
"""

import json
import os
import re
import subprocess
import tempfile
import time
import unittest

SOURCE = os.path.abspath(os.environ.get("ECSDEPLOY_SOURCE_DIR",
                                        os.path.join(os.path.dirname(__file__), "../..")))
BUILD = os.path.abspath(os.environ.get("ECSDEPLOY_BUILD_DIR", os.path.join(SOURCE, "build")))
ECSDEPLOY = os.path.join(BUILD, "src", "ecsdeploy")
EMULATOR = os.path.join(BUILD, "emulator", "ecs-emulator")
DEMO = os.path.join(SOURCE, "examples", "scenarios", "demo.json")
KEY_ID = "AKIAEMULATORDEMO0001"
SECRET = "emulator/demo/secret/key/not/a/real/one/0001"
TARGET = ["--cluster", "demo", "--service", "web"]


class ScaleAutoScaling(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for path in (ECSDEPLOY, EMULATOR):
            if not os.path.exists(path):
                raise unittest.SkipTest(path + " not built")

    def start(self, targets):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-aas-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.tmp]))
        with open(DEMO) as f:
            scenario = json.load(f)
        scenario["scalableTargets"] = targets
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        log_path = os.path.join(self.tmp, "emulator.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen([EMULATOR, "--port", "0", "--state", path, "--speed", "50"],
                                    stdout=log, stderr=subprocess.STDOUT)
        self.addCleanup(self.stop, proc)
        deadline = time.time() + 20
        while time.time() < deadline:
            with open(log_path) as f:
                text = f.read()
            m = re.search(r"^listening on (\S+)", text, re.M)
            if m:
                self.endpoint = "http://" + m.group(1)
                return
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        self.fail("ecs-emulator did not start: " + text)

    @staticmethod
    def stop(proc):
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def scale(self, *args):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp,
               "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
               "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": self.endpoint,
               "AWS_EC2_METADATA_DISABLED": "true"}
        r = subprocess.run([ECSDEPLOY, "scale"] + TARGET + list(args), env=env,
                           capture_output=True, text=True, timeout=120, cwd=self.tmp)
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
