"""The approval workflow (ecs-deploy-approve.yml) and the fleet workflow (ecs-deploy-fleet.yml)
run job by job with the stand-in ecsdeploy of test_workflow_templates: which jobs run after a
pause, an approval, a rejection or a deploy that never paused; the arguments each job passes;
the summary's timeline; the fleet's matrix entries and roles. test_workflow_harness.py runs the
approval workflow against the real binary and ecs-emulator."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gha_runner  # noqa: E402
import workflow_fixtures as fx  # noqa: E402
from test_workflow_templates import SOURCE, TemplateTestCase  # noqa: E402

APPROVE = os.path.join(SOURCE, "examples/github/ecs-deploy-approve.yml")
FLEET = os.path.join(SOURCE, "examples/github/ecs-deploy-fleet.yml")
HOOK = "a1b2c3d4"


class ApprovalWorkflowTest(TemplateTestCase):
    def setUp(self):
        super().setUp()
        self.wf = gha_runner.load(APPROVE)

    def run_jobs(self, deploy_mode="paused", approve=True, approve_mode="ok", inputs=None,
                 extra_env=None):
        """Runs the jobs in `needs` order as GitHub would: a job whose `if:` is false is skipped;
        `approve=False` is a reviewer rejecting (the approval job never starts). Returns
        {job: JobRun or None} and the argv each ecsdeploy call got."""
        inputs = inputs or fx.deploy_inputs("3f9c2ab", count=2, environment="production")
        runs, argvs, needs = {}, {}, {}
        for job_id, mode in (("deploy", deploy_mode), ("approve", approve_mode), ("reject", "ok"),
                             ("summary", "ok")):
            runner = self.runner(inputs, mode, extra_env=extra_env)
            wanted = {n: needs[n] for n in gha_runner_needs(self.wf, job_id)}
            if not runner.job_runs(self.wf, job_id, wanted) or (job_id == "approve" and not approve):
                runs[job_id] = None
                needs[job_id] = {"result": "skipped" if approve else "failure", "outputs": {}}
                continue
            if os.path.exists(self.argv_file):
                os.unlink(self.argv_file)
            run = runner.run_job(self.wf, job_id, needs=wanted)
            runs[job_id], needs[job_id] = run, run.needs_entry()
            argvs[job_id] = self.argv() if os.path.exists(self.argv_file) else None
        return runs, argvs

    def test_a_pause_is_approved_then_continued_on_exactly_that_hook(self):
        runs, argvs = self.run_jobs()
        self.assertTrue(runs["deploy"].success, runs["deploy"].output())
        self.assertEqual(argvs["deploy"], ["deploy", "--cluster", "stg", "--service", "web",
                                           "--container", "app", "--family", "web",
                                           "--image-tag", "3f9c2ab", "--desired-count", "2",
                                           "--timeout", "50m", "--wait-until", "paused"])
        out = runs["deploy"].outputs
        self.assertEqual((out["outcome"], out["hook-id"], out["lifecycle-stage"]),
                         ("paused", HOOK, "POST_TEST_TRAFFIC_SHIFT"))
        self.assertTrue(out["service-deployment-arn"].endswith(":service-deployment/stg/web/Zr4k"))
        self.assertTrue(runs["approve"].success, runs["approve"].output())
        self.assertEqual(argvs["approve"], ["continue", "--cluster", "stg", "--service", "web",
                                            "--timeout", "110m", "--hook-id", HOOK])
        self.assertEqual(runs["approve"].outputs["approved"], "true")
        self.assertIsNone(runs["reject"])
        summary = runs["summary"].summary
        (_, target), (_, steps) = fx.markdown_tables(summary)
        self.assertEqual(target, [["production", "stg", "web", "3f9c2ab", HOOK,
                                   "2026-12-03T12:00:00Z", "approved", "succeeded"]])
        self.assertEqual([r[0] for r in steps], ["deploy to the pause (POST_TEST_TRAFFIC_SHIFT)",
                                                 "waiting for a reviewer", "continue to the end"])
        self.assert_gantt(summary, 3)

    def test_a_rejection_rolls_the_paused_deployment_back(self):
        runs, argvs = self.run_jobs(approve=False)
        self.assertIsNone(runs["approve"])
        self.assertTrue(runs["reject"].success, runs["reject"].output())
        self.assertEqual(argvs["reject"], ["continue", "--cluster", "stg", "--service", "web",
                                           "--timeout", "50m", "--hook-id", HOOK, "--rollback"])
        (_, target), (_, steps) = fx.markdown_tables(runs["summary"].summary)
        self.assertEqual(target[0][-2:], ["rejected", "succeeded"])
        self.assertEqual(steps[-1][0], "roll back")
        self.assert_gantt(runs["summary"].summary, 3)

    def test_a_failed_continue_is_not_rolled_back_a_second_time(self):
        # The approval ran (its first step says so) but the watch after it failed: the
        # deployment is ECS's to roll back (alarm, hook), not the reject job's.
        runs, _ = self.run_jobs(approve_mode="rollout")
        self.assertFalse(runs["approve"].success)
        self.assertEqual(runs["approve"].outputs["approved"], "true")
        self.assertIsNone(runs["reject"])
        (_, target), _ = fx.markdown_tables(runs["summary"].summary)
        self.assertEqual(target[0][-2:], ["approved", "rollout-failed"])

    def test_no_pause_no_approval(self):
        for mode, deployed in (("ok", True), ("rollout", False), ("preflight", False)):
            with self.subTest(mode=mode):
                runs, _ = self.run_jobs(deploy_mode=mode)
                self.assertEqual(runs["deploy"].success, deployed)
                self.assertIsNone(runs["approve"])
                self.assertIsNone(runs["reject"])
                (_, target), (_, steps) = fx.markdown_tables(runs["summary"].summary)
                self.assertEqual(target[0][-2], "not asked")
                self.assertEqual(len(steps), 1)

    def test_outside_text_never_reaches_the_timeline_or_a_shell(self):
        stage = "BAKE_TIME\n```\nclick x href \"javascript:alert(1)\""
        hook = f"$(touch {self.canary})|`id`"
        runs, argvs = self.run_jobs(extra_env={"FAKE_STAGE": stage.replace("\n", " "),
                                               "FAKE_HOOK": hook})
        self.assertEqual(argvs["approve"][-1], hook)  # one argument, never evaluated
        self.assertFalse(os.path.exists(self.canary))
        summary = runs["summary"].summary
        mermaid = summary[summary.index("```mermaid"):summary.index("```", summary.index("gantt"))]
        self.assertNotIn("javascript", mermaid)
        self.assertNotIn("(BAKE_TIME", summary)  # an invalid stage is dropped, not shown
        fx.markdown_tables(summary)  # the '|' in the hook id is escaped

    def assert_gantt(self, summary, bars):
        block = summary[summary.index("```mermaid\n") + 11:]
        block = block[:block.index("```")]
        lines = block.splitlines()
        self.assertEqual(lines[0], "gantt")
        self.assertIn("    dateFormat YYYY-MM-DD HH:mm:ss", lines)
        tasks = [line for line in lines if " :" in line and not line.startswith("    title")]
        self.assertEqual(len(tasks), bars, block)
        for task in tasks:
            self.assertRegex(task, r"^    [^:]+ :\d{4}-\d\d-\d\d \d\d:\d\d:\d\d, "
                                   r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


def gha_runner_needs(workflow, job_id):
    needs = workflow["jobs"][job_id].get("needs") or []
    return [needs] if isinstance(needs, str) else needs


class ApprovalStaticTest(unittest.TestCase):
    def test_the_shape_the_docs_promise(self):
        wf = gha_runner.load(APPROVE)
        self.assertEqual(set(wf["on"]["workflow_dispatch"]["inputs"]),
                         {"image-tag", "desired-count", "environment"})
        # The whole run holds the service's queue, shared with ECS Deploy and ECS Scale.
        deploy = gha_runner.load(os.path.join(SOURCE, "examples/github/ecs-deploy.yml"))
        self.assertEqual(wf["concurrency"]["group"],
                         deploy["jobs"]["deploy"]["concurrency"]["group"])
        self.assertIs(wf["concurrency"]["cancel-in-progress"], False)
        jobs = wf["jobs"]
        self.assertEqual(jobs["approve"]["environment"], "${{ inputs.environment }}-approval")
        self.assertEqual(jobs["deploy"]["environment"], "${{ inputs.environment }}")
        self.assertEqual(jobs["reject"]["environment"], "${{ inputs.environment }}")
        # Approval is recorded before anything else can fail in the approval job.
        self.assertEqual(jobs["approve"]["steps"][0]["id"], "approved")


class FleetWorkflowTest(TemplateTestCase):
    def run_group(self, entry, inputs=None, variables=None):
        wf = gha_runner.load(FLEET)
        roles = []

        def credentials(runner, with_inputs):
            roles.append((with_inputs["role-to-assume"], with_inputs["aws-region"]))
            return fx.fixed_credentials(runner, with_inputs)

        inputs = inputs or {"image-tag": "3f9c2ab", "desired-count": "", "environment": "staging"}
        runner = self.runner(inputs, variables=variables, credentials=credentials)
        return runner.run_job(wf, "deploy", matrix=entry), roles

    def test_each_group_deploys_its_services_with_its_accounts_role(self):
        variables = dict(fx.VARIABLES,
                         AWS_DEPLOY_ROLE_ARN_123456789012="arn:aws:iam::123456789012:role/fleet")
        run, roles = self.run_group({"account": "123456789012", "region": "us-east-1",
                                     "services": "web,worker"}, variables=variables)
        self.assertTrue(run.success, run.output())
        self.assertEqual(self.argv(), ["deploy", "--image-tag", "3f9c2ab", "--timeout", "50m",
                                       "--services", "web,worker"])
        self.assertEqual(roles, [("arn:aws:iam::123456789012:role/fleet", "us-east-1")])
        # No account or region in ecsdeploy.yml: the repository's role and region.
        run, roles = self.run_group({"account": "", "region": "", "services": "api"},
                                    inputs={"image-tag": "v2", "desired-count": "3",
                                            "environment": "staging"})
        self.assertTrue(run.success, run.output())
        self.assertEqual(self.argv(), ["deploy", "--image-tag", "v2", "--desired-count", "3",
                                       "--timeout", "50m", "--services", "api"])
        self.assertEqual(roles, [(fx.VARIABLES["AWS_DEPLOY_ROLE_ARN"], fx.VARIABLES["AWS_REGION"])])

    def test_bad_inputs_stop_in_the_first_step(self):
        for inputs, entry, word in (
                ({"image-tag": "a b", "desired-count": "", "environment": "staging"},
                 {"services": "web"}, "image-tag"),
                ({"image-tag": "v1", "desired-count": "-1", "environment": "staging"},
                 {"services": "web"}, "desired-count"),
                ({"image-tag": "v1", "desired-count": "", "environment": "staging"},
                 {"services": f"web --all-services $(touch {self.canary})"}, "services")):
            with self.subTest(word=word):
                run, _ = self.run_group(dict({"account": "", "region": ""}, **entry), inputs)
                self.assertEqual(run.steps[0].outcome, "failure")
                (error,) = run.annotations("error")
                self.assertIn(word, error)
                self.assertFalse(os.path.exists(self.argv_file))
                self.assertFalse(os.path.exists(self.canary))

    def test_one_failed_group_does_not_cancel_the_others(self):
        strategy = gha_runner.load(FLEET)["jobs"]["deploy"]["strategy"]
        self.assertIs(strategy["fail-fast"], False)
        self.assertEqual(strategy["max-parallel"], len(strategy["matrix"]["include"]))
        groups = {(e["account"], e["region"]) for e in strategy["matrix"]["include"]}
        self.assertEqual(len(groups), len(strategy["matrix"]["include"]))  # one job per group


if __name__ == "__main__":
    unittest.main(verbosity=2)
