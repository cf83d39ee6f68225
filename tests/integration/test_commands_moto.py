"""scale, rollback, status, history and a dry-run deploy against moto_server.

moto has no rollout (its deployments never leave IN_PROGRESS), so the commands run with
--no-wait where they mutate; the point is that every request ecsdeploy sends is one a
second, independent AWS implementation accepts, and that the results read back right.
Loopback only; moto is stopped by a cleanup, whatever the test did.
"""

import json
import os
import sys
import unittest

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))
import moto_server  # noqa: E402
from build_tree import ECSDEPLOY, skip_unless_built  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402

REGION = "us-east-1"


class CommandsAgainstMoto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        moto_server.skip_unless_installed()
        skip_unless_built(ECSDEPLOY)

    def setUp(self):
        moto, self.tmp = moto_server.start_for(self, "ecsdeploy-moto-")
        self.endpoint = moto.endpoint
        kw = dict(endpoint_url=self.endpoint, region_name=REGION, aws_access_key_id="testing",
                  aws_secret_access_key="testing")
        self.ecs = boto3.client("ecs", **kw)
        ecr = boto3.client("ecr", **kw)
        self.ecs.create_cluster(clusterName="stg")
        uri = ecr.create_repository(repositoryName="web")["repository"]["repositoryUri"]
        for tag, digit in (("v1", "1"), ("v2", "2")):
            manifest = json.dumps({
                "schemaVersion": 2,
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                           "size": 1, "digest": "sha256:" + digit * 64},
                "layers": []})
            ecr.put_image(repositoryName="web", imageManifest=manifest, imageTag=tag)
        for tag in ("v1", "v2"):
            self.ecs.register_task_definition(family="web", containerDefinitions=[
                {"name": "app", "image": uri + ":" + tag, "memory": 256, "essential": True}])
        self.ecs.create_service(cluster="stg", serviceName="web", taskDefinition="web:2",
                                desiredCount=2)

    def run_cli(self, *args):
        env = cli_env(self.endpoint, self.tmp, "testing", "testing", REGION)
        return run_ecsdeploy(args, env, cwd=self.tmp)

    def service(self):
        return self.ecs.describe_services(cluster="stg", services=["web"])["services"][0]

    def test_scale_zero_and_restore(self):
        target = ["--cluster", "stg", "--service", "web"]
        r = self.run_cli("scale", *target, "--desired-count", "0", "--no-wait", "--output", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["outcome"], "succeeded")
        self.assertEqual(self.service()["desiredCount"], 0)
        r = self.run_cli("scale", *target, "--restore", "--no-wait")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.service()["desiredCount"], 2)

    def test_rollback_to_revision(self):
        r = self.run_cli("rollback", "--cluster", "stg", "--service", "web", "--to-revision", "1",
                         "--no-wait", "--output", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(self.service()["taskDefinition"].endswith("task-definition/web:1"))

    def test_status_history_and_dry_run(self):
        st = self.run_cli("status", "--cluster", "stg", "--service", "web", "--output", "json")
        self.assertEqual(st.returncode, 0, st.stderr)
        self.assertTrue(json.loads(st.stdout)["task_definition_arn"].endswith("web:2"))
        h = self.run_cli("history", "--cluster", "stg", "--service", "web", "--limit", "5")
        self.assertEqual(h.returncode, 0, h.stderr)
        self.assertIn("web:2", h.stdout)
        self.assertIn("web:1", h.stdout)
        # moto's deployment never finishes, so the preflight reports a deployment in progress:
        # exit 3, read-only, the service untouched.
        d = self.run_cli("deploy", "--cluster", "stg", "--service", "web", "--container", "app",
                         "--image-tag", "v1", "--dry-run")
        self.assertEqual(d.returncode, 3, d.stderr)
        self.assertIn("in progress", d.stderr)
        self.assertTrue(self.service()["taskDefinition"].endswith("web:2"))
        self.assertEqual(len(self.ecs.list_task_definitions(familyPrefix="web")["taskDefinitionArns"]), 2)

    def test_deploy_superseding_registers_and_updates(self):
        # A real deploy: every request (describe, register with tags, update) must be accepted.
        d = self.run_cli("deploy", "--cluster", "stg", "--service", "web", "--container", "app",
                         "--image-tag", "v1", "--desired-count", "3", "--supersede", "--no-wait",
                         "--output", "json")
        self.assertEqual(d.returncode, 0, d.stderr)
        result = json.loads(d.stdout)
        self.assertEqual(result["outcome"], "succeeded")
        svc = self.service()
        self.assertTrue(svc["taskDefinition"].endswith("task-definition/web:3"), svc["taskDefinition"])
        self.assertEqual(svc["desiredCount"], 3)
        td = self.ecs.describe_task_definition(taskDefinition="web:3", include=["TAGS"])
        self.assertTrue(td["taskDefinition"]["containerDefinitions"][0]["image"].endswith("/web:v1"))
        self.assertIn({"key": "ecsdeploy:image-tag", "value": "v1"}, td.get("tags", []))

if __name__ == "__main__":
    unittest.main(verbosity=2)
