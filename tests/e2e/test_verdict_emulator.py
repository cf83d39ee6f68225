"""End to end: the verdict an on-call engineer can trust (issue "late crashes, counts, ...").

The built ecsdeploy against the built ecs-emulator, seeded with the demo scenario plus images
that crash late: after a while RUNNING, as a service that cannot reach its database does.
Each test starts its own emulator (port 0) at --speed 20: a virtual minute is 3 s, and the
client's 1-2 s polls see ECS complete the demo rollout (~35 virtual seconds) well before a task
that dies 120 s after its start does.
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

TARGET = ["--cluster", "demo", "--service", "web", "--container", "app"]
PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/"
DB_ERROR = "Error: connect ECONNREFUSED 10.0.3.7:5432"


def late_crash(seconds):
    return {"behavior": "crash", "exitCode": 1, "crashAfterSeconds": seconds,
            "logLines": ["Starting web", DB_ERROR]}


class VerdictE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-verdict-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        scenario = load_scenario(DEMO_SCENARIO)
        # The demo's rollout takes ~35 virtual seconds: a crash at 20 s lands during it, one at
        # 120 s after ECS has called it done.
        missing_secret = {"behavior": "missingSecret"}
        for tag, behaviour in (("v2.0.0-dies-early", late_crash(20)),
                               ("v2.0.0-dies-late", late_crash(120)),
                               ("v2.0.0-no-secret", missing_secret)):
            scenario["repositories"][0]["images"].append({"tags": [tag]})
            scenario["images"][tag] = behaviour
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        self.key, self.secret = scenario_credentials(scenario)
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=20).start()
        self.addCleanup(self.emulator.stop)

    def run_cli(self, args, extra_env=None):
        env = cli_env(self.emulator.endpoint, self.tmp, self.key, self.secret, extra=extra_env)
        r = run_ecsdeploy(args, env, cwd=self.tmp)
        self.assertNotIn(self.secret, r.stdout + r.stderr)
        # The promise of the issue: "succeeded" never follows printed crash evidence.
        if "stopped task" in r.stderr:
            self.assertNotIn("succeeded:", r.stderr, r.stderr)
        return r

    def deploy_json(self, tag, *extra):
        r = self.run_cli(["deploy", *TARGET, "--image-tag", tag, "--output", "json", *extra])
        doc = json.loads(r.stdout) if r.stdout.strip() else {}
        return r, doc

    def service(self):
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_a_task_that_dies_during_the_rollout_fails_it(self):
        r, doc = self.deploy_json("v2.0.0-dies-early")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(doc["outcome"], "rollout-failed")
        self.assertIn(DB_ERROR, r.stderr)
        self.assertTrue(doc["stopped_tasks"])
        self.assertEqual(self.service()["task_definition_arn"], PREFIX + "web:2")  # rolled back

    def test_a_task_that_dies_after_ecs_completed_is_caught_by_the_settle_window(self):
        r, doc = self.deploy_json("v2.0.0-dies-late", "--settle", "4m")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("settling:", r.stderr)
        self.assertIn("after ECS called the rollout done", r.stderr)
        self.assertIn(DB_ERROR, r.stderr)
        self.assertEqual(doc["outcome"], "rollout-failed")
        self.assertEqual(self.service()["task_definition_arn"], PREFIX + "web:2")

    def test_a_healthy_revision_settles_and_succeeds(self):
        r, doc = self.deploy_json("v1.2.0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("differs from it beyond the image", r.stderr)  # latest == running
        self.assertEqual(doc["outcome"], "succeeded")
        self.assertIn("every task ran 1m00s", r.stderr)

    def test_settle_0_opts_out_and_says_so(self):
        r, doc = self.deploy_json("v2.0.0-dies-late", "--settle", "0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("no settle window", r.stderr)
        self.assertNotIn("settling:", r.stderr)

    def test_a_longer_settle_window_is_named(self):
        r, _ = self.deploy_json("v1.2.0", "--settle", "3m")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("every task ran 3m00s", r.stderr)

    def test_bad_settle_values_are_refused_before_any_change(self):
        for value in ("-1s", "forever", "2h", "10"):
            r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--settle", value])
            self.assertEqual(r.returncode, 2, (value, r.stderr))
            self.assertIn("settle window", r.stderr)
        self.assertEqual(self.service()["task_definition_arn"], PREFIX + "web:2")

    def test_scaling_back_up_onto_a_revision_that_dies_late_fails(self):
        # The service ends up on the late-crashing revision (the window skipped)...
        r, _ = self.deploy_json("v2.0.0-dies-late", "--settle", "0")
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count", "0"])
        self.assertEqual(r.returncode, 0, r.stderr)
        # ...and bringing it back is not "scaled": its tasks die within the window.
        r = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--restore",
                          "--settle", "4m", "--output", "json"])
        self.assertEqual(r.returncode, 4, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["outcome"], "rollout-failed")
        self.assertIn(DB_ERROR, r.stderr)

    def test_scaling_up_a_healthy_revision_settles(self):
        r = self.run_cli(["scale", "--cluster", "demo", "--service", "web", "--desired-count", "3"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("settling:", r.stderr)  # the new task started just now
        self.assertEqual(self.service()["running_count"], 3)

    def test_a_failure_between_two_polls_still_reports_its_evidence(self):
        """Issue 13 item 6: on a fast clock the crashing revision fails (circuit breaker,
        ECS rolls back) between two polls; the report still names the stopped tasks and
        their log lines, every time."""
        self.emulator.stop()
        path = os.path.join(self.tmp, "scenario.json")
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, "fast.log"), speed=200).start()
        runs = 5
        for n in range(runs):
            r, doc = self.deploy_json("v1.3.0-crash")
            self.assertEqual(r.returncode, 4, "run %d: %s" % (n, r.stderr[-2000:]))
            self.assertTrue(doc["stopped_tasks"], "run %d of %d without evidence: %s"
                            % (n + 1, runs, r.stderr[-2000:]))
            self.assertIn("DATABASE_URL is not set", r.stderr, "run %d" % (n + 1))

    def test_a_task_that_never_started_says_so_instead_of_fetching_logs(self):
        r, doc = self.deploy_json("v2.0.0-no-secret")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("the task never started, so it wrote no log lines", r.stderr)
        # The reason is said once, on the task line, not again per container.
        lines = [l for l in r.stderr.splitlines() if "ResourceInitializationError" in l]
        self.assertTrue(lines)
        self.assertFalse(any("  container " in l for l in lines), lines)
        log_calls = [q for q in self.requests() if q["operation"] == "GetLogEvents"]
        self.assertEqual(log_calls, [])

    def requests(self):
        import urllib.request
        with urllib.request.urlopen(self.emulator.endpoint + "/_emulator/requests",
                                    timeout=10) as resp:
            doc = json.load(resp)
        return doc["requests"] if isinstance(doc, dict) else doc

    def test_a_latest_revision_that_differs_beyond_the_image_is_a_warning(self):
        # A failed config change left web:3 (a secret renamed) as the family's latest while the
        # service still runs web:2: a redeploy would copy web:3's configuration.
        import copy
        scenario = load_scenario(DEMO_SCENARIO)
        broken = copy.deepcopy(scenario["taskDefinitions"][1])
        broken["containerDefinitions"][0]["secrets"] = [
            {"name": "API_TOKEN", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:"
                                               "secret:api-token-renamed"}]
        scenario["taskDefinitions"].append(broken)
        self.restart_with(scenario, "drift")
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)
        warning = [l for l in r.stderr.splitlines() if "differs from it beyond the image" in l]
        self.assertEqual(len(warning), 1, r.stderr)
        self.assertIn("web:3", warning[0])
        self.assertIn("(web:2)", warning[0])
        self.assertIn("secrets", warning[0])
        self.assertIn("ecsdeploy rollback", warning[0])

    def restart_with(self, scenario, name):
        path = os.path.join(self.tmp, name + ".json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        self.emulator.stop()
        self.emulator = EcsEmulator(path, os.path.join(self.tmp, name + ".log"), speed=20).start()
        self.addCleanup(self.emulator.stop)

    def renamed_secret_scenario(self):
        # web:2 (running) reads API_TOKEN from the secret "web/api-token"; a config change
        # registered web:3 reading it from "web/api_token", which does not exist: its tasks
        # cannot start. Nothing about the images is wrong.
        import copy
        scenario = load_scenario(DEMO_SCENARIO)
        scenario["secrets"] = ["web/api-token"]
        secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
        good = scenario["taskDefinitions"][1]
        good["containerDefinitions"][0]["secrets"] = [
            {"name": "API_TOKEN", "valueFrom": secret + "web/api-token"}]
        broken = copy.deepcopy(good)
        broken["containerDefinitions"][0]["secrets"][0]["valueFrom"] = secret + "web/api_token"
        scenario["taskDefinitions"].append(broken)
        return scenario

    def test_rollback_to_a_tag_after_a_config_failure_copies_the_last_good_revision(self):
        self.restart_with(self.renamed_secret_scenario(), "renamed-secret")
        # The next deploy copies the family's latest (web:3, never deployed) and fails: the
        # secret cannot be fetched; ECS's circuit breaker puts web:2 back.
        r, doc = self.deploy_json("v1.2.0")
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertEqual(doc["task_definition_arn"], PREFIX + "web:4")
        self.assertEqual(self.service()["task_definition_arn"], PREFIX + "web:2")
        # Back to an older image by tag: the new revision copies web:2, which last ran well, not
        # web:4 (the family's latest, with the renamed secret), so its tasks start.
        r = self.run_cli(["rollback", *TARGET, "--to-tag", "v1.0.0", "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("copies web:2, the revision that last ran successfully", r.stderr)
        self.assertIn("web:4, never did", r.stderr)
        self.assertNotIn("web/api_token", r.stderr)  # the plan's diff is image-only
        r = self.run_cli(["rollback", *TARGET, "--to-tag", "v1.0.0", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["outcome"], "succeeded")
        self.assertEqual(doc["base_task_definition_arn"], PREFIX + "web:2")
        self.assertEqual(doc["task_definition_arn"], PREFIX + "web:5")
        self.assertIn("a copy of web:2", doc["summary"])
        status = self.service()
        self.assertEqual(status["task_definition_arn"], PREFIX + "web:5")

    def test_rollback_to_a_tag_can_copy_the_latest_when_asked(self):
        self.restart_with(self.renamed_secret_scenario(), "renamed-secret")
        r = self.run_cli(["rollback", *TARGET, "--to-tag", "v1.0.0", "--base", "latest",
                          "--dry-run", "--output", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["base_task_definition_arn"], PREFIX + "web:3")
        self.assertIn("differs from it beyond the image", r.stderr)
        r = self.run_cli(["rollback", "--cluster", "demo", "--service", "web", "--base", "latest"])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--base chooses what a --to-tag revision copies", r.stderr)

    def test_desired_count_0_says_nothing_was_verified(self):
        r, doc = self.deploy_json("v1.2.0", "--desired-count", "0")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("nothing was verified", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
