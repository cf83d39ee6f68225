"""End to end: `ecsdeploy deploy --services` against ecs-emulator (tests/e2e/scenarios/
services.json: cluster 'shop' with web, worker and api; worker's v2 crashes; api has no v3).

Checks the multi-service contract: one preflight failure changes nothing for any service
(exit 3); a failed rollout of one service is exit 4, the others keep their new revision and
only the failed one is rolled back; --output json is one object with a `services` array;
GitHub mode writes one `services` output entry per service.
"""

import json
import os
import re
import subprocess
import tempfile
import time
import unittest
import urllib.request

SOURCE = os.path.abspath(os.environ.get("ECSDEPLOY_SOURCE_DIR",
                                        os.path.join(os.path.dirname(__file__), "../..")))
BUILD = os.path.abspath(os.environ.get("ECSDEPLOY_BUILD_DIR", os.path.join(SOURCE, "build")))
ECSDEPLOY = os.path.join(BUILD, "src", "ecsdeploy")
EMULATOR = os.path.join(BUILD, "emulator", "ecs-emulator")
SCENARIO = os.path.join(SOURCE, "tests", "e2e", "scenarios", "services.json")
KEY_ID = "AKIAEMULATORDEMO0001"
SECRET = "emulator/demo/secret/key/not/a/real/one/0001"
PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/"
MUTATING = {"RegisterTaskDefinition", "UpdateService", "StopServiceDeployment", "TagResource"}
CONFIG = {name: {"cluster": "shop", "service": name, "container": "app", "family": name,
                 "repository": name} for name in ("web", "worker", "api")}


class DeployServicesE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for path in (ECSDEPLOY, EMULATOR):
            if not os.path.exists(path):
                raise unittest.SkipTest(path + " not built")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-e2e-services-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.tmp]))
        with open(os.path.join(self.tmp, "ecsdeploy.json"), "w") as f:
            json.dump(CONFIG, f)
        log_path = os.path.join(self.tmp, "emulator.log")
        with open(log_path, "w") as log:
            self.emulator = subprocess.Popen(
                [EMULATOR, "--port", "0", "--state", SCENARIO, "--speed", "50"],
                stdout=log, stderr=subprocess.STDOUT)
        self.addCleanup(self.stop_emulator)
        deadline = time.time() + 20
        while time.time() < deadline:
            with open(log_path) as f:
                m = re.search(r"^listening on (\S+)", f.read(), re.M)
            if m:
                self.endpoint = "http://" + m.group(1)
                return
            if self.emulator.poll() is not None:
                break
            time.sleep(0.05)
        with open(log_path) as f:
            self.fail("ecs-emulator did not start: " + f.read())

    def stop_emulator(self):
        self.emulator.terminate()
        try:
            self.emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.emulator.kill()
            self.emulator.wait()

    def run_cli(self, args, extra_env=None, timeout=180):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp,
               "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
               "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": self.endpoint,
               "AWS_EC2_METADATA_DISABLED": "true"}
        env.update(extra_env or {})
        r = subprocess.run([ECSDEPLOY] + args, env=env, capture_output=True, text=True,
                           timeout=timeout, cwd=self.tmp)
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        return r

    def requests(self):
        with urllib.request.urlopen(self.endpoint + "/_emulator/requests", timeout=10) as resp:
            return json.load(resp)["requests"]

    def mutating_calls(self):
        return [r["operation"] for r in self.requests() if r["operation"] in MUTATING]

    def running(self, service):
        r = self.run_cli(["status", "--cluster", "shop", "--service", service, "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["task_definition_arn"]

    def test_dry_run_plans_every_service(self):
        r = self.run_cli(["deploy", "--services", "web,worker,api", "--image-tag", "v2",
                          "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.mutating_calls(), [])
        for name in ("web", "worker", "api"):
            self.assertIn(f"] {name}: ", r.stderr)
        self.assertIn("3 of 3 services planned (dry run)", r.stderr)

    def test_one_preflight_failure_changes_nothing_for_any_service(self):
        r = self.run_cli(["deploy", "--all-services", "--image-tag", "v3", "--output", "json"])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(self.mutating_calls(), [])
        doc = json.loads(r.stdout)
        self.assertEqual(doc["outcome"], "preflight-failed")
        outcomes = {s["service"]: s for s in doc["services"]}
        self.assertTrue(any("v3" in p for p in outcomes["api"]["problems"]),
                        outcomes["api"]["problems"])
        self.assertEqual(outcomes["web"]["problems"], [])
        self.assertIn("the preflight of api failed", outcomes["web"]["summary"])

    def test_one_failed_rollout_is_exit_4_and_only_it_is_rolled_back(self):
        out_file = os.path.join(self.tmp, "github_output")
        summary_file = os.path.join(self.tmp, "step_summary")
        r = self.run_cli(["deploy", "--services", "web,worker,api", "--image-tag", "v2",
                          "--desired-count", "2", "--output", "json"],
                         {"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": out_file,
                          "GITHUB_STEP_SUMMARY": summary_file})
        self.assertEqual(r.returncode, 4, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        doc = json.loads(lines[0])
        self.assertEqual(doc["outcome"], "rollout-failed")
        self.assertEqual(doc["exit_code"], 4)
        self.assertEqual([s["service"] for s in doc["services"]], ["web", "worker", "api"])
        by_name = {s["service"]: s for s in doc["services"]}
        for name in ("web", "api"):
            self.assertEqual(by_name[name]["outcome"], "succeeded", by_name[name]["summary"])
            self.assertFalse(by_name[name]["rolled_back"])
            self.assertEqual(by_name[name]["task_definition_arn"], PREFIX + name + ":2")
            self.assertEqual(self.running(name), PREFIX + name + ":2")  # kept
        worker = by_name["worker"]
        self.assertEqual(worker["outcome"], "rollout-failed")
        self.assertTrue(worker["rolled_back"], worker["summary"])
        self.assertEqual(worker["running_task_definition_arn"], PREFIX + "worker:1")
        self.assertTrue(worker["stopped_tasks"], worker)
        self.assertEqual(self.running("worker"), PREFIX + "worker:1")
        # Three updates, then one rollback (StopServiceDeployment or UpdateService): worker's.
        calls = self.mutating_calls()
        self.assertEqual(calls.count("RegisterTaskDefinition"), 3)
        self.assertEqual(calls[:6].count("UpdateService"), 3)
        self.assertEqual(len(calls), 7, calls)
        self.assertIn(calls[6], ("StopServiceDeployment", "UpdateService"))
        # GitHub: annotation for the failed service, one output entry and one row per service.
        self.assertIn("::error title=ecsdeploy worker rollout-failed::", r.stderr)
        with open(out_file) as f:
            text = f.read()
        m = re.search(r"^services<<(\S+)\n(.*)\n\1$", text, re.M)
        self.assertIsNotNone(m, text)
        services = json.loads(m.group(2))
        self.assertEqual([(s["service"], s["outcome"]) for s in services],
                         [("web", "succeeded"), ("worker", "rollout-failed"),
                          ("api", "succeeded")])
        with open(summary_file) as f:
            md = f.read()
        for name in ("web", "worker", "api"):
            self.assertIn(f"| shop/{name} |", md)


if __name__ == "__main__":
    unittest.main()
