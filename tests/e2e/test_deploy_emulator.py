"""End to end: the built ecsdeploy against the built ecs-emulator (examples/scenarios/demo.json).

Each test starts its own emulator on 127.0.0.1 (port 0) so state never leaks between tests,
and checks exit codes, the emulator's request log (zero writes where promised) and the output
contract: plain lines when piped, a live table under a pty, one JSON object with
--output json, GitHub workflow commands, step summary and outputs.

Golden files (tests/e2e/golden/*.txt) hold normalised output: timestamps, durations, ids and
the timing-dependent progress lines are masked. UPDATE_GOLDEN=1 rewrites them.
"""

import json
import os
import re
import shlex
import signal
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
SCENARIO = os.path.join(SOURCE, "examples", "scenarios", "demo.json")
GOLDEN = os.path.join(SOURCE, "tests", "e2e", "golden")
KEY_ID = "AKIAEMULATORDEMO0001"
SECRET = "emulator/demo/secret/key/not/a/real/one/0001"
TARGET = ["--cluster", "demo", "--service", "web", "--container", "app"]
MUTATING = {"RegisterTaskDefinition", "DeregisterTaskDefinition", "UpdateService",
            "CreateService", "DeleteService", "StopServiceDeployment", "TagResource",
            "UntagResource", "StopTask", "RunTask", "PutImage", "RegisterScalableTarget"}
ACCOUNT = "123456789012"
PREFIX = "arn:aws:ecs:us-east-1:%s:task-definition/" % ACCOUNT


def normalise(text):
    out = []
    for line in text.splitlines():
        line = re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", line)
        if re.match(r"^(rollout|event |retrying |settling: )", line):
            continue  # how many snapshots a run sees (and whether tasks are young) is timing
        line = re.sub(r"\b\d+(\.\d+)?(ms|s)\b|\b\d+m\d\ds\b|\b\d+h\d\dm\d\ds\b", "<dur>", line)
        line = re.sub(r"ecs-svc/\d+", "ecs-svc/<id>", line)
        line = re.sub(r"service-deployment/demo/web/\w+", "service-deployment/demo/web/<id>", line)
        out.append(line)
    return "\n".join(out) + "\n"


def read(path):
    with open(path) as f:
        return f.read()


def parse_github_output(text):
    """name<<DELIM / value lines / DELIM blocks, as the Actions runner reads them."""
    outputs, lines, i = {}, text.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^([\w-]+)<<(.+)$", lines[i])
        if not m:
            i += 1
            continue
        end = lines.index(m.group(2), i + 1)
        outputs[m.group(1)] = "\n".join(lines[i + 1:end])
        i = end + 1
    return outputs


class EmulatorE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for path in (ECSDEPLOY, EMULATOR):
            if not os.path.exists(path):
                raise unittest.SkipTest(path + " not built")

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-e2e-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.tmp]))
        self.emulators = []
        self.endpoint = self.start_emulator(speed=50)

    def tearDown(self):
        for proc in self.emulators:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def start_emulator(self, speed):
        log_path = os.path.join(self.tmp, "emulator-%d.log" % len(self.emulators))
        log = open(log_path, "w")
        proc = subprocess.Popen([EMULATOR, "--port", "0", "--state", SCENARIO, "--speed", str(speed)],
                                stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self.emulators.append(proc)
        deadline = time.time() + 20
        while time.time() < deadline:
            with open(log_path) as f:
                m = re.search(r"^listening on (\S+)", f.read(), re.M)
            if m:
                return "http://" + m.group(1)
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        self.fail("ecs-emulator did not start: " + read(log_path))

    def env(self, extra=None):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp,
               "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET,
               "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": self.endpoint,
               "AWS_EC2_METADATA_DISABLED": "true", "TERM": "xterm"}
        env.update(extra or {})
        return env

    def run_cli(self, args, extra_env=None, tty=False, timeout=120):
        cmd = [ECSDEPLOY] + args
        if tty:  # a real pty via script(1); its output is the terminal's (\r\n)
            cmd = ["script", "-qec", shlex.join(cmd), "/dev/null"]
        r = subprocess.run(cmd, env=self.env(extra_env), capture_output=True, text=True,
                           timeout=timeout, cwd=self.tmp)
        self.assertNotIn(SECRET, r.stdout + r.stderr)
        return r

    def requests(self):
        with urllib.request.urlopen(self.endpoint + "/_emulator/requests", timeout=10) as resp:
            doc = json.load(resp)
        return doc["requests"] if isinstance(doc, dict) else doc

    def mutating_calls(self):
        return [r["operation"] for r in self.requests() if r["operation"] in MUTATING]

    def clear_requests(self):
        req = urllib.request.Request(self.endpoint + "/_emulator/requests", method="DELETE")
        urllib.request.urlopen(req, timeout=10).read()

    def expect_golden(self, name, text):
        path = os.path.join(GOLDEN, name)
        if os.environ.get("UPDATE_GOLDEN"):
            with open(path, "w") as f:
                f.write(text)
        with open(path) as f:
            self.assertEqual(text, f.read(), "golden " + name)

    def status(self):
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    # --- deploy -----------------------------------------------------------------------------

    def test_dry_run_then_deploy_plain(self):
        dry = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--desired-count", "2",
                            "--dry-run"])
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertEqual(self.mutating_calls(), [])
        self.assertEqual(dry.stdout, "")
        self.expect_golden("deploy_dry_run_plain.txt", normalise(dry.stderr))

        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--desired-count", "2"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertNotIn("\x1b", r.stderr)  # piped: no escapes, no spinner
        self.assertIn("rollout SUCCESSFUL", r.stderr)
        self.expect_golden("deploy_plain.txt", normalise(r.stderr))
        self.assertEqual(self.mutating_calls().count("UpdateService"), 1)
        s = self.status()
        self.assertEqual(s["task_definition_arn"], PREFIX + "web:3")
        self.assertEqual(s["running_count"], 2)

    def test_deploy_json(self):
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        doc = json.loads(lines[0])
        self.assertEqual(doc["command"], "deploy")
        self.assertEqual(doc["outcome"], "succeeded")
        self.assertEqual(doc["exit_code"], 0)
        self.assertEqual(doc["previous_task_definition_arn"], PREFIX + "web:2")
        self.assertEqual(doc["task_definition_arn"], PREFIX + "web:3")
        self.assertTrue(doc["image"].endswith("/web:v1.2.0"))
        self.assertEqual(doc["desired_count"], 2)  # no --desired-count: the service keeps its 2
        self.assertGreater(doc["timings_ms"]["total"], 0)
        self.assertNotIn("\x1b", r.stderr)
        self.assertIn("== Preflight", r.stderr)  # progress still on stderr
        self.expect_golden("deploy_json_keys.txt", "\n".join(doc.keys()) + "\n")

    def test_deploy_tty(self):
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0"], tty=True)
        self.assertEqual(r.returncode, 0, r.stdout)
        out = r.stdout  # script(1) merges the pty's output
        self.assertIn("DEPLOYMENT", out)
        self.assertIn("\x1b[J", out)      # the table is redrawn in place
        self.assertIn("\x1b[32m", out)    # colour
        self.assertIn("\u2713", out)
        plain = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.1.0"], tty=True,
                             extra_env={"NO_COLOR": "1"})
        self.assertEqual(plain.returncode, 0, plain.stdout)
        self.assertIn("\x1b[J", plain.stdout)
        self.assertNotIn("\x1b[32m", plain.stdout)
        ci = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0"], tty=True,
                          extra_env={"CI": "true"})
        self.assertEqual(ci.returncode, 0, ci.stdout)
        self.assertNotIn("\x1b", ci.stdout)  # CI on a pty: plain lines

    def test_preflight_failures_change_nothing(self):
        cases = [
            (["--cluster", "nope", "--service", "web", "--container", "app"], "nope"),
            (["--cluster", "demo", "--service", "api", "--container", "app"], "api"),
            (["--cluster", "demo", "--service", "web", "--container", "sidecar"], "sidecar"),
            (["--cluster", "demo", "--service", "web", "--container", "app", "--family", "other"],
             "other"),
        ]
        for args, name in cases:
            r = self.run_cli(["deploy", *args, "--image-tag", "v1.2.0"])
            self.assertEqual(r.returncode, 3, (args, r.stderr))
            self.assertIn(name, r.stderr)
        missing = self.run_cli(["deploy", *TARGET, "--image-tag", "v9.9.9", "--output", "json"])
        self.assertEqual(missing.returncode, 3, missing.stderr)
        self.assertIn("v9.9.9", missing.stderr)
        doc = json.loads(missing.stdout)
        self.assertEqual(doc["outcome"], "preflight-failed")
        self.assertTrue(doc["problems"])
        self.assertEqual(self.mutating_calls(), [])

    def test_crash_loop_shows_evidence_and_fails(self):
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.3.0-crash", "--output", "json"])
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("DATABASE_URL is not set", r.stderr)  # the log tail
        doc = json.loads(r.stdout)
        self.assertEqual(doc["outcome"], "rollout-failed")
        self.assertTrue(doc["stopped_tasks"])
        self.assertEqual(doc["running_task_definition_arn"], PREFIX + "web:2")
        self.assertEqual(self.status()["task_definition_arn"], PREFIX + "web:2")

    def test_github_actions_mode(self):
        out_file = os.path.join(self.tmp, "github_output")
        summary = os.path.join(self.tmp, "step_summary")
        gh = {"GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_OUTPUT": out_file,
              "GITHUB_STEP_SUMMARY": summary, "GITHUB_SHA": "0123456789abcdef",
              "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "o/r",
              "GITHUB_RUN_ID": "42", "GITHUB_ACTOR": "octocat"}
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.3.0-crash"], extra_env=gh)
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("::group::", r.stderr)
        self.assertIn("::endgroup::", r.stderr)
        self.assertIn("::error title=ecsdeploy", r.stderr)
        with open(out_file) as f:
            text = f.read()
        outputs = parse_github_output(text)
        # What the service runs after the command (rolled back), and what was deployed.
        self.assertEqual(outputs["task-definition-arn"], PREFIX + "web:2")
        self.assertEqual(outputs["deployed-task-definition-arn"], PREFIX + "web:3")
        self.assertEqual(outputs["previous-task-definition-arn"], PREFIX + "web:2")
        self.assertTrue(outputs["image"].endswith("/web:v1.3.0-crash"))
        self.assertEqual(outputs["outcome"], "rollout-failed")
        with open(summary) as f:
            md = f.read()
        self.assertIn("| Task definition | `web:2` | `web:3` |", md)
        self.assertIn("#### Rollout timeline", md)
        self.assertIn("#### Failure evidence", md)
        self.assertIn("DATABASE_URL", md)
        self.assertLess(md.index("#### Failure evidence"), md.index("#### Rollout timeline"))
        # One annotation per way of dying, with container, exit code and the telling line;
        # the evidence itself is outside any collapsed group.
        annotations = [l for l in r.stderr.splitlines() if l.startswith("::error title=Task stopped")]
        self.assertEqual(len(annotations), 1, r.stderr)
        self.assertIn("container app exit 1", annotations[0].replace("%3A", ":"))
        self.assertIn("DATABASE_URL is not set", annotations[0])
        depth = 0
        for line in r.stderr.splitlines():
            if line.startswith("::group::"):
                depth += 1
            elif line.startswith("::endgroup::"):
                depth -= 1
            elif "stopped task" in line or "| Error" in line:
                self.assertEqual(depth, 0, "evidence inside a collapsed group: " + line)

    # --- timeout and Ctrl-C (the emulator's clock is frozen: the rollout never moves) ---------

    def test_timeout_exits_5(self):
        self.endpoint = self.start_emulator(speed=0)
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--timeout", "3s"])
        self.assertEqual(r.returncode, 5, r.stderr)
        self.assertIn("timed out", r.stderr)

    def test_ctrl_c_exits_130_and_says_how_to_follow(self):
        self.endpoint = self.start_emulator(speed=0)
        err_path = os.path.join(self.tmp, "err")
        with open(err_path, "w") as err:
            proc = subprocess.Popen([ECSDEPLOY, "deploy", *TARGET, "--image-tag", "v1.2.0"],
                                    env=self.env(), stdout=subprocess.DEVNULL, stderr=err)
            deadline = time.time() + 60
            while time.time() < deadline and "Waiting for the rollout" not in read(err_path):
                time.sleep(0.05)
            proc.send_signal(signal.SIGINT)
            rc = proc.wait(timeout=60)
        text = read(err_path)
        self.assertEqual(rc, 130, text)
        self.assertIn("ecsdeploy status --cluster demo --service web", text)

    # --- rollback, scale, status, history ------------------------------------------------------

    def test_rollback_to_last_good(self):
        for tag in ("v1.2.0", "v1.0.0"):  # web:3, web:4
            r = self.run_cli(["deploy", *TARGET, "--image-tag", tag])
            self.assertEqual(r.returncode, 0, r.stderr)
        dry = self.run_cli(["rollback", "--cluster", "demo", "--service", "web", "--dry-run"])
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.clear_requests()
        r = self.run_cli(["rollback", "--cluster", "demo", "--service", "web", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["command"], "rollback")
        self.assertEqual(doc["task_definition_arn"], PREFIX + "web:3")
        self.assertEqual(self.status()["task_definition_arn"], PREFIX + "web:3")

    def test_scale_to_zero_and_restore(self):
        dry = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count",
                            "0", "--dry-run"])
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertEqual(self.mutating_calls(), [])
        r = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count", "0"])
        self.assertEqual(r.returncode, 0, r.stderr)
        s = self.status()
        self.assertEqual((s["desired_count"], s["running_count"]), (0, 0))
        self.assertEqual(s["remembered_desired_count"], 2)
        r = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--restore"])
        self.assertEqual(r.returncode, 0, r.stderr)
        s = self.status()
        self.assertEqual((s["desired_count"], s["running_count"]), (2, 2))

    def test_status_and_history(self):
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0"],
                         extra_env={"GITHUB_SHA": "feedbeef00", "GITHUB_ACTOR": "octocat"})
        self.assertEqual(r.returncode, 0, r.stderr)
        st = self.run_cli(["status", "--cluster", "demo", "--service", "web"])
        self.assertEqual(st.returncode, 0, st.stderr)
        self.assertIn("task definition:  web:3", st.stdout)
        h = self.run_cli(["history", "--cluster", "demo", "--service", "web", "--limit", "2",
                          "--output", "json"])
        self.assertEqual(h.returncode, 0, h.stderr)
        doc = json.loads(h.stdout)
        self.assertEqual([e["revision"] for e in doc["entries"]], [3, 2])
        self.assertEqual(doc["entries"][0]["image_tag"], "v1.2.0")
        self.assertEqual(doc["entries"][0]["git_sha"], "feedbeef00")
        self.assertTrue(doc["entries"][0]["running_now"])
        missing = self.run_cli(["status", "--cluster", "demo", "--service", "nope"])
        self.assertEqual(missing.returncode, 1)
        self.assertEqual(missing.stderr.count("\n"), 1, missing.stderr)

    def test_config_file_and_env_targets(self):
        with open(os.path.join(self.tmp, "ecsdeploy.yml"), "w") as f:
            f.write("web:\n  cluster: demo\n  service: web\n  container: app\n"
                    "  expect_account: \"%s\"\n" % ACCOUNT)
        r = self.run_cli(["deploy", "--dry-run"], extra_env={"ECSDEPLOY_IMAGE_TAG": "v1.2.0"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("plan: deploy demo/web", r.stderr)
        wrong = self.run_cli(["deploy", "--dry-run", "--expect-account", "999999999999"],
                             extra_env={"ECSDEPLOY_IMAGE_TAG": "v1.2.0"})
        self.assertEqual(wrong.returncode, 3, wrong.stderr)
        self.assertEqual(self.mutating_calls(), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
