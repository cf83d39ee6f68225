"""The workflow templates and the composite action, run for real with a stand-in ecsdeploy.

Needs no build: a tiny fake `ecsdeploy` records its argv and writes outputs, so this suite
checks the workflows' own logic (validation, argument passing, outputs, summary, injection).
test_workflow_harness.py runs the same templates against the real binary and ecs-emulator.
"""

import os
import re
import shutil
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gha_runner  # noqa: E402
import workflow_fixtures as fx  # noqa: E402

SOURCE = os.environ.get("ECSDEPLOY_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

TEMPLATES = ("ecs-deploy.yml", "ecs-scale.yml", "ecs-deploy-approve.yml", "ecs-deploy-fleet.yml")

FAKE_ECSDEPLOY = r"""#!/usr/bin/env bash
# Stand-in for ecsdeploy: records argv (NUL separated) and answers like the real one.
printf '%s\0' "$@" > "$FAKE_ARGV"
case "${FAKE_MODE:-ok}" in
  ok)
    {
      echo "previous-task-definition-arn=arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:12"
      echo "task-definition-arn=arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:13"
      printf 'image<<EOF_7c1d\n%s\nEOF_7c1d\n' "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:${FAKE_TAG:-x}"
      echo "outcome=succeeded"
    } >> "$GITHUB_OUTPUT"
    printf '### ecsdeploy: succeeded\n\n| | Before | After |\n|---|---|---|\n| Task definition | `web:12` | `web:13` |\n' \
      >> "$GITHUB_STEP_SUMMARY"
    exit 0 ;;
  paused)
    {
      echo "service-deployment-arn=arn:aws:ecs:ap-northeast-1:123456789012:service-deployment/stg/web/Zr4k"
      echo "lifecycle-stage=${FAKE_STAGE:-POST_TEST_TRAFFIC_SHIFT}"
      echo "hook-id=${FAKE_HOOK:-a1b2c3d4}"
      echo "hook-expires-at=2026-12-03T12:00:00Z"
      echo "outcome=paused"
    } >> "$GITHUB_OUTPUT"
    exit 0 ;;
  preflight) echo "preflight: service 'web' not found" >&2; exit 3 ;;
  rollout)
    echo "outcome=rollout-failed" >> "$GITHUB_OUTPUT"
    echo "::error title=Rollout failed::circuit breaker" ; exit 4 ;;
esac
"""


class TemplateTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="wf-templates-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.workspace = os.path.join(self.tmp, "ws")
        os.makedirs(self.workspace)
        self.fake = os.path.join(self.tmp, "ecsdeploy")
        with open(self.fake, "w") as f:
            f.write(FAKE_ECSDEPLOY)
        os.chmod(self.fake, stat.S_IRWXU)
        self.argv_file = os.path.join(self.tmp, "argv")
        # Injection canary: any input that gets executed would create this file.
        self.canary = os.path.join(self.tmp, "pwned")

    def runner(self, inputs, mode="ok", variables=None, extra_env=None, credentials=None):
        base_env = dict(os.environ, FAKE_ARGV=self.argv_file, FAKE_MODE=mode,
                        FAKE_TAG=inputs.get("image-tag", ""), **(extra_env or {}))
        uses = fx.offline_uses(SOURCE, {"ecsdeploy-path": self.fake},
                               **({"credentials": credentials} if credentials else {}))
        return gha_runner.Runner(self.workspace, inputs=inputs,
                                 variables=variables or fx.VARIABLES, uses=uses,
                                 base_env=base_env)

    def run_workflow(self, name, inputs, mode="ok", variables=None, drop_steps=()):
        wf = gha_runner.load(os.path.join(SOURCE, "examples/github", name))
        job_id = next(iter(wf["jobs"]))
        steps = wf["jobs"][job_id]["steps"]
        wf["jobs"][job_id]["steps"] = [s for s in steps if s.get("name") not in drop_steps]
        return self.runner(inputs, mode, variables).run_job(wf, job_id)

    def argv(self):
        with open(self.argv_file, "rb") as f:
            return f.read().decode().split("\0")[:-1]


class StaticTest(unittest.TestCase):
    """What the issue demands of the files themselves."""

    def templates(self):
        for name in ("ecs-deploy.yml", "ecs-scale.yml"):
            yield name, gha_runner.load(os.path.join(SOURCE, "examples/github", name))

    def test_permissions_are_exactly_oidc_and_read(self):
        for name, wf in self.templates():
            self.assertEqual(wf["permissions"], {"id-token": "write", "contents": "read"}, name)

    def test_manual_trigger_with_the_seed_inputs(self):
        wf = gha_runner.load(os.path.join(SOURCE, "examples/github/ecs-deploy.yml"))
        inputs = wf["on"]["workflow_dispatch"]["inputs"]
        self.assertTrue(inputs["image-tag"]["required"])
        self.assertEqual(inputs["desired-count"]["type"], "number")
        self.assertEqual(inputs["desired-count"]["default"], 1)
        self.assertIn("environment", inputs)
        scale = gha_runner.load(os.path.join(SOURCE, "examples/github/ecs-scale.yml"))
        self.assertEqual(set(scale["on"]["workflow_dispatch"]["inputs"]),
                         {"desired-count", "restore", "environment"})

    def test_deploy_and_scale_share_one_concurrency_group_without_cancelling(self):
        groups = []
        for name, wf in self.templates():
            (job,) = wf["jobs"].values()
            self.assertFalse(job["concurrency"]["cancel-in-progress"], name)
            groups.append(job["concurrency"]["group"])
        self.assertEqual(groups[0], groups[1])
        self.assertIn("vars.ECS_SERVICE", groups[0])

    def test_no_expression_inside_any_run_script(self):
        # Inputs reach scripts only through env:, never by ${{ }} text substitution.
        files = [os.path.join(SOURCE, "examples/github", n) for n in TEMPLATES]
        files += [os.path.join(SOURCE, "action.yml"),
                  os.path.join(SOURCE, ".github/workflows/ci.yml")]
        for path in files:
            doc = gha_runner.load(path)
            jobs = doc["jobs"].values() if "jobs" in doc else [doc["runs"]]
            for job in jobs:
                for step in job["steps"]:
                    if "run" in step:
                        self.assertNotIn("${{", step["run"], f"{path}: {step.get('name')}")

    def test_targets_and_role_come_from_variables(self):
        for name, wf in self.templates():
            (job,) = wf["jobs"].values()
            creds = next(s for s in job["steps"] if "configure-aws-credentials" in s.get("uses", ""))
            self.assertEqual(creds["with"]["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}")
            for key in ("ECS_CLUSTER", "ECS_SERVICE"):
                self.assertEqual(job["env"][key], "${{ vars.%s }}" % key, name)
            self.assertEqual(job["steps"][0]["name"], "Validate inputs", name)

    def test_every_job_pins_its_actions_and_checks_out_before_the_local_action(self):
        for name in TEMPLATES:
            wf = gha_runner.load(os.path.join(SOURCE, "examples/github", name))
            self.assertEqual(wf["permissions"], {"id-token": "write", "contents": "read"}, name)
            for job_id, job in wf["jobs"].items():
                steps = job["steps"]
                for step in steps:
                    ref = step.get("uses", "./")
                    if not ref.startswith("./"):
                        self.assertRegex(ref, r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$", (name, job_id))
                local = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("./")]
                checkout = [i for i, s in enumerate(steps)
                            if s.get("uses", "").startswith("actions/checkout@")]
                if local:
                    self.assertEqual(len(checkout), 1, (name, job_id))
                    self.assertLess(checkout[0], local[0], (name, job_id))
                    self.assertIs(steps[checkout[0]]["with"]["persist-credentials"], False)
                    self.assertIn("timeout-minutes", job, (name, job_id))

    def test_actions_are_pinned_and_checkout_keeps_no_token(self):
        # What docs/github-actions.md tells users to do, the templates do themselves. (That the
        # binary embeds exactly these files: test_iam_policy_coverage's init-workflows test.)
        for name, wf in self.templates():
            (job,) = wf["jobs"].values()
            uses = [s for s in job["steps"] if "uses" in s]
            for step in uses:
                ref = step["uses"]
                if ref.startswith("./"):
                    continue
                self.assertRegex(ref, r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$", name)
            (local,) = [i for i, s in enumerate(job["steps"]) if s.get("uses", "").startswith("./")]
            checkout = [i for i, s in enumerate(job["steps"])
                        if s.get("uses", "").startswith("actions/checkout@")]
            self.assertEqual(len(checkout), 1, name)
            self.assertLess(checkout[0], local, name)  # the local action needs the checkout
            self.assertIs(job["steps"][checkout[0]]["with"]["persist-credentials"], False, name)

    def test_action_outputs_map_to_the_run_step(self):
        action = gha_runner.load(os.path.join(SOURCE, "action.yml"))
        self.assertEqual(set(action["inputs"]) >= {"command", "cluster", "service", "container",
                                                   "image-tag", "desired-count", "timeout",
                                                   "args"}, True)
        self.assertLessEqual({"wait-until", "hook-id", "rollback"}, set(action["inputs"]))
        for name in ("task-definition-arn", "previous-task-definition-arn", "image", "outcome",
                     "service-deployment-arn", "lifecycle-stage", "hook-id", "hook-expires-at"):
            self.assertEqual(action["outputs"][name]["value"],
                             "${{ steps.run.outputs.%s }}" % name)


class ValidationTest(TemplateTestCase):
    BAD_TAGS = ["bad tag", "$(touch {canary})", "; rm -rf /tmp/nothing", "`touch {canary}`",
                "", "-leading-dash", ".hidden", "a" * 129, "x\n::warning::injected",
                "tag'\"quote", "latest;touch {canary}", "${{{{ github.token }}}}"]

    def test_bad_image_tags_fail_in_the_first_step_with_one_message(self):
        for tag in self.BAD_TAGS:
            tag = tag.format(canary=self.canary)
            with self.subTest(tag=tag):
                run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs(tag))
                first = run.steps[0]
                self.assertEqual(first.outcome, "failure")
                errors = run.annotations("error")
                self.assertEqual(len(errors), 1, run.output())
                self.assertIn("image-tag", errors[0])
                self.assertEqual(run.annotations("warning"), [])
                self.assertTrue(all(s.outcome == "skipped" for s in run.steps[1:]))
                self.assertFalse(os.path.exists(self.canary))
                self.assertFalse(os.path.exists(self.argv_file))

    def test_bad_counts_and_environments(self):
        cases = [({"desired-count": "abc"}, "desired-count"),
                 ({"desired-count": "-1"}, "desired-count"),
                 ({"desired-count": "1.5"}, "desired-count"),
                 ({"desired-count": "$(id)"}, "desired-count"),
                 ({"environment": "prod; id"}, "environment"),
                 ({"environment": "qa"}, "environment")]
        for overrides, word in cases:
            with self.subTest(**overrides):
                inputs = fx.deploy_inputs("3f9c2ab")
                inputs.update(overrides)
                run = self.run_workflow("ecs-deploy.yml", inputs)
                self.assertEqual(run.steps[0].outcome, "failure")
                (error,) = run.annotations("error")
                self.assertIn(word, error)
                self.assertTrue(error.startswith("::error title=Invalid input::"))

    def test_several_problems_still_make_one_message(self):
        run = self.run_workflow("ecs-deploy.yml", {"image-tag": "a b", "desired-count": "x",
                                                   "environment": "qa"})
        (error,) = run.annotations("error")
        for word in ("image-tag", "desired-count", "environment"):
            self.assertIn(word, error)

    def test_missing_variables_are_named(self):
        variables = dict(fx.VARIABLES)
        del variables["ECS_SERVICE"]
        run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("3f9c2ab"), variables=variables)
        (error,) = run.annotations("error")
        self.assertIn("ECS_SERVICE", error)

    def test_good_inputs_pass(self):
        for tag in ("3f9c2ab", "v1.2.3", "release_2024-01-01", "a" * 128, "_x"):
            with self.subTest(tag=tag):
                run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs(tag))
                self.assertEqual(run.steps[0].outcome, "success", run.output())

    def test_scale_validation(self):
        cases = [({"desired-count": "abc"}, False), ({"desired-count": "-1"}, False),
                 ({"desired-count": "0"}, True), ({"desired-count": "3"}, True),
                 ({"desired-count": "", "restore": True}, True),
                 ({"desired-count": "2", "restore": True}, False),
                 ({"desired-count": "", "restore": False}, False)]
        for overrides, ok in cases:
            with self.subTest(**overrides):
                inputs = {"desired-count": "0", "restore": False, "environment": "staging"}
                inputs.update(overrides)
                run = self.run_workflow("ecs-scale.yml", inputs)
                self.assertEqual(run.steps[0].outcome == "success", ok, run.output())
                self.assertEqual(len(run.annotations("error")), 0 if ok else 1)


class FlowTest(TemplateTestCase):
    def test_deploy_passes_names_and_inputs_as_separate_arguments(self):
        run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("3f9c2ab", count=2))
        self.assertTrue(run.success, run.output())
        self.assertEqual(self.argv(), ["deploy", "--cluster", "stg", "--service", "web",
                                       "--container", "app", "--family", "web",
                                       "--image-tag", "3f9c2ab", "--desired-count", "2",
                                       "--timeout", "30m"])
        deploy = run.step("deploy")
        self.assertEqual(deploy.outputs["outcome"], "succeeded")
        self.assertTrue(deploy.outputs["task-definition-arn"].endswith("web:13"))
        self.assertEqual(deploy.outputs["exit-code"], "0")

    def test_summary_has_ecsdeploys_table_then_the_target(self):
        run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("3f9c2ab"))
        tables = fx.markdown_tables(run.summary)
        self.assertEqual(len(tables), 2, run.summary)
        self.assertEqual(tables[0][0], ["", "Before", "After"])
        header, rows = tables[1]
        self.assertEqual(header, ["environment", "cluster", "service", "requested tag",
                                  "desired count", "outcome"])
        self.assertEqual(rows, [["staging", "stg", "web", "3f9c2ab", "1", "succeeded"]])
        self.assertIn("ecsdeploy rollback --cluster stg --service web", run.summary)

    def test_failures_keep_their_outcome_and_exit_code(self):
        for mode, outcome, code in (("preflight", "preflight-failed", "3"),
                                    ("rollout", "rollout-failed", "4")):
            with self.subTest(mode=mode):
                run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs("3f9c2ab"), mode=mode)
                self.assertFalse(run.success)
                deploy = run.step("deploy")
                self.assertEqual(deploy.outcome, "failure")
                self.assertEqual(deploy.outputs["outcome"], outcome)
                self.assertEqual(deploy.outputs["exit-code"], code)
                self.assertEqual(run.step("Job summary").outcome, "success")
                (_, rows), = fx.markdown_tables(run.summary)
                self.assertEqual(rows[0][-1], outcome)

    def test_injection_never_executes_even_without_the_validation_step(self):
        # Drop the guard on purpose: the remaining steps must still pass the value as data.
        for tag in ("$(touch {c})", "; touch {c}", "`touch {c}`", "x' ; touch {c} ; '",
                    "a\"; touch {c}; \"", "x\ntouch {c}", "|touch {c}", "${{IFS}}touch${{IFS}}{c}"):
            tag = tag.format(c=self.canary)
            with self.subTest(tag=tag):
                run = self.run_workflow("ecs-deploy.yml", fx.deploy_inputs(tag),
                                        drop_steps=("Validate inputs",))
                self.assertTrue(run.success, run.output())
                self.assertFalse(os.path.exists(self.canary), tag)
                argv = self.argv()
                self.assertEqual(argv[argv.index("--image-tag") + 1], tag)
                fx.markdown_tables(run.summary)  # still parses as a table

    def test_extra_args_are_split_but_never_evaluated(self):
        action = gha_runner.load(os.path.join(SOURCE, "action.yml"))
        runner = gha_runner.Runner(self.workspace, base_env=dict(os.environ,
                                                                 FAKE_ARGV=self.argv_file))
        run, outputs = runner.run_composite(
            action, {"command": "rollback", "cluster": "stg", "service": "web",
                     "args": f"--to-tag  v1 $(touch {self.canary}) *",
                     "ecsdeploy-path": self.fake}, {}, SOURCE)
        self.assertTrue(run.success, run.output())
        self.assertEqual(self.argv(), ["rollback", "--cluster", "stg", "--service", "web",
                                       "--to-tag", "v1", "$(touch", f"{self.canary})", "*"])
        self.assertFalse(os.path.exists(self.canary))
        self.assertEqual(outputs["outcome"], "succeeded")

    def test_a_cached_build_is_found_by_version_and_source_hash(self):
        home = os.path.join(self.tmp, "home")
        cached = os.path.join(home, ".ecsdeploy", "bin", "ecsdeploy")
        os.makedirs(os.path.dirname(cached))
        shutil.copy(self.fake, cached)
        keys = []

        def cache(runner, step, with_inputs, env, files):
            keys.append(with_inputs["key"])
            self.assertEqual(with_inputs["path"], "~/.ecsdeploy/bin")
            return "success", {"cache-hit": "true"}, "", ""

        action = gha_runner.load(os.path.join(SOURCE, "action.yml"))
        runner = gha_runner.Runner(self.workspace, uses={"actions/cache/restore@": cache},
                                   base_env=dict(os.environ, HOME=home, FAKE_ARGV=self.argv_file))
        run, outputs = runner.run_composite(action, {"command": "status", "cluster": "stg",
                                                     "service": "web"}, {}, SOURCE)
        self.assertTrue(run.success, run.output())
        self.assertRegex(keys[0], r"^ecsdeploy-Linux-X64-[0-9]+\.[0-9]+\.[0-9]+-[0-9a-f]{16}$")
        self.assertEqual(self.argv(), ["status", "--cluster", "stg", "--service", "web"])
        self.assertEqual(outputs["exit-code"], "0")

    def test_missing_prebuilt_binary_is_one_clear_error(self):
        action = gha_runner.load(os.path.join(SOURCE, "action.yml"))
        runner = gha_runner.Runner(self.workspace)
        run, outputs = runner.run_composite(
            action, {"ecsdeploy-path": os.path.join(self.tmp, "nope")}, {}, SOURCE)
        self.assertFalse(run.success)
        (error,) = run.annotations("error")
        self.assertIn("not an executable file", error)

    def test_scale_and_restore_arguments(self):
        run = self.run_workflow("ecs-scale.yml", {"desired-count": "0", "restore": False,
                                                  "environment": "staging"})
        self.assertTrue(run.success, run.output())
        self.assertEqual(self.argv(), ["scale", "--cluster", "stg", "--service", "web",
                                       "--desired-count", "0", "--timeout", "20m"])
        run = self.run_workflow("ecs-scale.yml", {"desired-count": "", "restore": True,
                                                  "environment": "staging"})
        self.assertTrue(run.success, run.output())
        self.assertEqual(self.argv(), ["scale", "--cluster", "stg", "--service", "web",
                                       "--timeout", "20m", "--restore"])
        self.assertTrue(fx.markdown_tables(run.summary))


if __name__ == "__main__":
    unittest.main(verbosity=2)
