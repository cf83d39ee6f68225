"""End to end: the CLI's contract with an on-call engineer, the built ecsdeploy against
the built ecs-emulator (examples/scenarios/demo.json: demo/web runs 2 tasks).

- the desired count changes only when asked, and a decrease is a warning;
- SIGTERM (a cancelled CI job) is an interruption like Ctrl-C, also through the action's step;
- deadlines hold: a hung call ends at --timeout and is named; long waits print a heartbeat;
  absurd --timeout values are refused;
- --output json prints one JSON object on every exit path of every command;
- cluster and service ARNs are accepted wherever a name is.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))

from build_tree import DEMO_SCENARIO, ECSDEPLOY, EMULATOR, SOURCE_DIR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator, load_scenario, scenario_credentials  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402

import yaml  # noqa: E402

TARGET = ["--cluster", "demo", "--service", "web", "--container", "app"]
ACCOUNT = "123456789012"
CLUSTER_ARN = "arn:aws:ecs:us-east-1:%s:cluster/demo" % ACCOUNT
SERVICE_ARN = "arn:aws:ecs:us-east-1:%s:service/demo/web" % ACCOUNT
MUTATING = {"RegisterTaskDefinition", "UpdateService", "TagResource", "StopServiceDeployment"}
FOLLOW = "ecsdeploy status --cluster demo --service web"


def parse_github_output(text):
    """name=value lines and name<<DELIM blocks, as the Actions runner reads them."""
    outputs, lines, i = {}, text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and "=" not in line.split("<<", 1)[0]:
            name, delim = line.split("<<", 1)
            end = lines.index(delim, i + 1)
            outputs[name] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


class CliContract(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)
        cls.key_id, cls.secret = scenario_credentials(load_scenario(DEMO_SCENARIO))

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-contract-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.start_emulator(speed=50)

    def start_emulator(self, speed):
        emu = EcsEmulator(DEMO_SCENARIO, os.path.join(self.tmp, "emulator-%s.log" % speed),
                          speed=speed)
        self.addCleanup(emu.stop)
        self.endpoint = emu.start().endpoint

    def env(self, extra=None):
        return cli_env(self.endpoint, self.tmp, self.key_id, self.secret, extra=extra)

    def run_cli(self, args, extra=None, timeout=120):
        return run_ecsdeploy(args, self.env(extra), cwd=self.tmp, timeout=timeout)

    def emulator(self, path, method="GET", body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.endpoint + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def operations(self):
        doc = self.emulator("/_emulator/requests")
        return [r["operation"] for r in (doc["requests"] if isinstance(doc, dict) else doc)]

    def mutating_calls(self):
        return [op for op in self.operations() if op in MUTATING]

    def status(self):
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def start_background(self, argv, env, name="run"):
        """Starts argv with stderr in a file; returns (process, stderr path)."""
        err_path = os.path.join(self.tmp, name + ".err")
        with open(err_path, "w") as err:
            proc = subprocess.Popen(argv, env=env, cwd=self.tmp, stdout=subprocess.DEVNULL,
                                    stderr=err, start_new_session=True)
        self.addCleanup(lambda: proc.poll() is None and (proc.kill(), proc.wait()))
        return proc, err_path

    def wait_for(self, condition, what, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        self.fail("timed out waiting for " + what)

    def wait_for_update(self):
        """Until the emulator saw the deploy's UpdateService: the run is in its wait."""
        self.wait_for(lambda: "UpdateService" in self.operations(), "UpdateService")
        time.sleep(1)

    def github_env(self):
        self.out_file = os.path.join(self.tmp, "github_output")
        self.summary_file = os.path.join(self.tmp, "step_summary")
        for path in (self.out_file, self.summary_file):
            open(path, "w").close()
        return {"GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_OUTPUT": self.out_file,
                "GITHUB_STEP_SUMMARY": self.summary_file, "GITHUB_REPOSITORY": "o/r",
                "GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "42"}

    # --- item 2: the desired count changes only when asked ------------------------------------

    def test_deploy_without_a_count_keeps_the_services_count(self):
        r = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count", "3"])
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual((doc["previous_desired_count"], doc["desired_count"]), (3, 3))
        self.assertNotIn("warning: desired count", r.stderr)
        s = self.status()
        self.assertEqual((s["desired_count"], s["running_count"]), (3, 3))

    def test_a_smaller_count_is_a_warning_in_deploy_and_scale_plans(self):
        deploy = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--desired-count", "1",
                               "--dry-run"])
        self.assertEqual(deploy.returncode, 0, deploy.stderr)
        self.assertIn("warning: desired count decreases 2 -> 1", deploy.stderr)
        scale = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count",
                              "0", "--dry-run"])
        self.assertEqual(scale.returncode, 0, scale.stderr)
        self.assertIn("warning: desired count decreases 2 -> 0", scale.stderr)
        up = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count",
                           "4", "--dry-run"])
        self.assertEqual(up.returncode, 0, up.stderr)
        self.assertNotIn("warning: desired count", up.stderr)
        self.assertEqual(self.mutating_calls(), [])

    # --- item 4: SIGTERM is an interruption --------------------------------------------------

    def test_sigterm_during_the_wait_exits_130_and_writes_outputs(self):
        self.start_emulator(speed=0)  # the rollout never moves
        proc, err_path = self.start_background(
            [ECSDEPLOY, "deploy", *TARGET, "--image-tag", "v1.2.0"], self.env(self.github_env()))
        self.wait_for_update()
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
        err = read(err_path)
        self.assertEqual(rc, 130, err)
        self.assertIn(FOLLOW, err)
        outputs = parse_github_output(read(self.out_file))
        self.assertEqual(outputs.get("outcome"), "interrupted", read(self.out_file))
        self.assertIn("web:3", read(self.summary_file))

    def run_step_script(self):
        """The composite action's run step, as action.yml has it (id: run)."""
        with open(os.path.join(SOURCE_DIR, "action.yml")) as f:
            action = yaml.safe_load(f)
        (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "run"]
        return step["run"]

    def test_the_action_step_forwards_sigterm_to_ecsdeploy(self):
        self.start_emulator(speed=0)
        env = self.env(self.github_env())
        env.update({"ACTION_DIR": SOURCE_DIR, "ECSDEPLOY_BIN": ECSDEPLOY,
                    "INPUT_COMMAND": "deploy", "INPUT_CLUSTER": "demo", "INPUT_SERVICE": "web",
                    "INPUT_CONTAINER": "app", "INPUT_FAMILY": "", "INPUT_IMAGE_TAG": "v1.2.0",
                    "INPUT_DESIRED_COUNT": "", "INPUT_TIMEOUT": "", "INPUT_ARGS": ""})
        step, err_path = self.start_background(["bash", "-e", "-c", self.run_step_script()], env,
                                               "step")
        self.wait_for_update()
        children = subprocess.run(["pgrep", "-P", str(step.pid)], capture_output=True,
                                  text=True).stdout.split()
        self.assertEqual(len(children), 1, children)
        child = int(children[0])
        self.addCleanup(lambda: os.path.exists("/proc/%d" % child) and os.kill(child, 9))
        os.kill(step.pid, signal.SIGTERM)  # only the step's shell, as the runner does
        rc = step.wait(timeout=30)
        err = read(err_path)
        self.assertEqual(rc, 130, err)
        self.assertIn(FOLLOW, err)
        self.assertFalse(os.path.exists("/proc/%d" % child), "ecsdeploy was orphaned")
        outputs = parse_github_output(read(self.out_file))
        self.assertEqual(outputs.get("outcome"), "interrupted", read(self.out_file))
        self.assertEqual(outputs.get("exit-code"), "130")
        self.assertTrue(read(self.summary_file))

    # --- item 5: deadlines are deadlines ------------------------------------------------------

    def test_a_hung_call_ends_at_the_timeout_and_is_named(self):
        self.start_emulator(speed=0)
        started = time.monotonic()
        proc, err_path = self.start_background(
            [ECSDEPLOY, "deploy", *TARGET, "--image-tag", "v1.2.0", "--timeout", "15s"], self.env())
        self.wait_for_update()
        self.emulator("/_emulator/faults", "POST", {"rules": [
            {"service": "ecs", "operation": "DescribeServices", "type": "latency",
             "latencyMs": 60000}]})
        rc = proc.wait(timeout=150)
        elapsed = time.monotonic() - started
        err = read(err_path)
        self.assertEqual(rc, 5, err)
        self.assertLess(elapsed, 40, err)  # 3 attempts of 30 s each without the deadline
        self.assertIn("still waiting for DescribeServices (attempt 1 of 3), 10s", err)

    def test_a_slow_read_only_call_is_named_without_v(self):
        self.emulator("/_emulator/faults", "POST", {"rules": [
            {"service": "ecs", "operation": "DescribeServices", "type": "latency",
             "latencyMs": 12000, "count": 1}]})
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("still waiting for DescribeServices (attempt 1 of 3), 10s", r.stderr)

    def test_a_long_wait_prints_a_heartbeat(self):
        self.start_emulator(speed=0)
        proc, err_path = self.start_background(
            [ECSDEPLOY, "deploy", *TARGET, "--image-tag", "v1.2.0"], self.env())
        self.wait_for(lambda: "still waiting:" in read(err_path), "the heartbeat", timeout=100)
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=30), 130)
        self.assertRegex(read(err_path), r"still waiting: 0/2 running, \d+ pending, 1m0\ds of 30m00s")

    def test_absurd_timeouts_are_refused_before_any_change(self):
        for value in ("100000000000h", "1e30s", "-5s", "49h"):
            for args in (["deploy", *TARGET, "--image-tag", "v1.2.0"],
                         ["scale", "--cluster", "demo", "--service", "web", "--desired-count", "3"]):
                r = self.run_cli(args + ["--timeout", value])
                self.assertEqual(r.returncode, 2, (value, r.stderr))
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
                self.assertIn("timeout", r.stderr)
        self.assertEqual(self.mutating_calls(), [])
        ok = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--timeout", "48h"])
        self.assertEqual(ok.returncode, 0, ok.stderr)

    # --- item 6: one JSON object on every exit path --------------------------------------------

    def assert_one_json_object(self, r, expected_code, what):
        self.assertEqual(r.returncode, expected_code, (what, r.stdout, r.stderr))
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, (what, r.stdout))
        doc = json.loads(lines[0])
        self.assertIsInstance(doc, dict, what)
        self.assertEqual(doc["exit_code"], r.returncode, what)
        expected = {0: "succeeded", 1: "error", 2: "invalid-input", 3: "preflight-failed"}
        self.assertEqual(doc["outcome"], expected[expected_code], what)
        if expected_code != 0:
            self.assertTrue(doc["error"] or doc.get("problems"), (what, doc))
        return doc

    def test_json_on_usage_errors_of_every_command(self):
        cases = {
            "deploy": ["deploy", "--cluster", "demo", "--output", "json"],
            "scale": ["scale", "--cluster", "demo", "--service", "web", "--output", "json"],
            "rollback": ["rollback", "--output", "json", "--cluster", "demo"],
            "status": ["status", "--cluster", "demo", "--output", "json"],
            "history": ["history", "--cluster", "demo", "--limit", "x", "--output", "json"],
            "whoami": ["whoami", "--no-such-option", "--output", "json"],
            "lint": ["lint", "--cluster", "demo", "--output", "json"],
            "iam-policy": ["iam-policy", "--output=json", "--service", "web"],
            "init-workflows": ["init-workflows", "--environments", "bad env!", "--action-ref", "./",
                               "--output", "json"],
            "no command": ["--output", "json"],
            "bad global": ["--region", "Nowhere", "status", "--output", "json"],
        }
        for what, args in cases.items():
            self.assert_one_json_object(self.run_cli(args), 2, what)
        # The output mode from the environment, for an error found while reading argv.
        r = self.run_cli(["status", "--no-such-option"], extra={"ECSDEPLOY_OUTPUT": "json"})
        self.assert_one_json_object(r, 2, "ECSDEPLOY_OUTPUT")
        self.assertEqual(self.mutating_calls(), [])

    def test_json_on_failures_of_every_command(self):
        target = ["--cluster", "demo", "--service", "nope"]
        cases = {
            "status": (["status", *target], 1),
            "history": (["history", *target], 1),
            "lint": (["lint", *target], 1),
            "iam-policy": (["iam-policy", *target], 1),
            "deploy": (["deploy", *target, "--container", "app", "--image-tag", "v1.2.0"], 3),
            "scale": (["scale", *target, "--desired-count", "1"], 3),
            "rollback": (["rollback", *target], 3),
        }
        for what, (args, code) in cases.items():
            self.assert_one_json_object(self.run_cli(args + ["--output", "json"]), code, what)
        bad_key = cli_env(self.endpoint, self.tmp, self.key_id, "wrong-secret")
        r = run_ecsdeploy(["whoami", "--output", "json"], bad_key, cwd=self.tmp)
        self.assert_one_json_object(r, 1, "whoami")
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        r = self.run_cli(["init-workflows", "--dir", os.path.join(blocker, "wf"),
                          "--action-ref", "./", "--output", "json"])
        self.assert_one_json_object(r, 1, "init-workflows")
        self.assertEqual(self.mutating_calls(), [])

    # --- item 7: ARNs wherever the help says "name or ARN" -------------------------------------

    def test_cluster_and_service_arns_work_for_every_command(self):
        arns = ["--cluster", CLUSTER_ARN, "--service", SERVICE_ARN]
        r = self.run_cli(["deploy", *arns, "--container", "app", "--image-tag", "v1.2.0"])
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_cli(["scale", *arns, "--desired-count", "3"])
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_cli(["status", *arns, "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual((doc["desired_count"], doc["running_count"]), (3, 3))
        r = self.run_cli(["rollback", *arns])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(self.status()["task_definition_arn"].endswith("task-definition/web:2"))

    def test_an_invalid_name_is_one_line_and_exit_2(self):
        bad = "arn:aws:ecs:us-east-1:%s:task/demo/0123" % ACCOUNT  # a task, not a service
        for args in (["deploy", "--cluster", "demo", "--service", bad, "--container", "app",
                      "--image-tag", "v1.2.0"],
                     ["scale", "--cluster", "demo", "--service", bad, "--desired-count", "1"],
                     ["rollback", "--cluster", "demo", "--service", bad],
                     ["status", "--cluster", "demo", "--service", bad],
                     ["scale", "--cluster", "other", "--service", SERVICE_ARN, "--desired-count",
                      "1"]):
            r = self.run_cli(args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        # An ARN of another region than the one in use would send the calls elsewhere.
        r = self.run_cli(["scale", "--cluster", "demo", "--service",
                          SERVICE_ARN.replace("us-east-1", "eu-west-1"), "--desired-count", "1"])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("is in region 'eu-west-1', not us-east-1", r.stderr)
        self.assertEqual(self.mutating_calls(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
