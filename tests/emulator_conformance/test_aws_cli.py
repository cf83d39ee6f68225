"""The aws CLI (another independent client) against each backend: describe-services output
and `ecs wait services-stable` (which polls every 15 s and cannot be told otherwise)."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import HEALTHY_IMAGE, rollout_scenario  # noqa: E402
from test_clusters_services import network_for, task_definition  # noqa: E402


class AwsCliChecks(cs.BackendTestCase):
    SPEED = 60

    @classmethod
    def scenario(cls):
        return rollout_scenario()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.network = network_for(cls.server, cls.BACKEND)

    def cli(self, *args, timeout=120):
        result = self.server.run_cli(*args, timeout=timeout)
        self.assertEqual(0, result.returncode,
                         f"aws {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return json.loads(result.stdout) if result.stdout.strip() else None

    def make_service(self, desired):
        cluster, name, family = self.unique("cl"), self.unique("web"), self.unique("td")
        self.cli("ecs", "create-cluster", "--cluster-name", cluster)
        td = self.cli("ecs", "register-task-definition", "--cli-input-json",
                      json.dumps(task_definition(family, HEALTHY_IMAGE)))
        self.cli("ecs", "create-service", "--cluster", cluster, "--service-name", name,
                 "--desired-count", str(desired), "--launch-type", "FARGATE",
                 "--task-definition", td["taskDefinition"]["taskDefinitionArn"],
                 "--network-configuration", json.dumps(self.network))
        return cluster, name

    def test_describe_services(self):
        cluster, name = self.make_service(desired=1)
        out = self.cli("ecs", "describe-services", "--cluster", cluster,
                       "--services", name, "ghost")
        self.assertEqual([name], [s["serviceName"] for s in out["services"]])
        self.assertEqual(["MISSING"], [f["reason"] for f in out["failures"]])
        self.assertEqual(1, out["services"][0]["desiredCount"])

    def test_error_codes_reach_the_cli(self):
        result = self.server.run_cli("ecs", "describe-services", "--cluster",
                                     self.unique("nocluster"), "--services", "x")
        self.assertNotEqual(0, result.returncode)
        self.assertIn("ClusterNotFoundException", result.stderr)

    def test_wait_services_stable(self):
        # moto never starts tasks, so there only a zero-count service can be stable; the
        # emulator rolls two tasks out on its virtual clock meanwhile.
        desired = 0 if self.BACKEND == "moto" else 2
        cluster, name = self.make_service(desired=desired)
        started = time.monotonic()
        self.cli("ecs", "wait", "services-stable", "--cluster", cluster, "--services", name,
                 timeout=300)
        out = self.cli("ecs", "describe-services", "--cluster", cluster, "--services", name)
        svc = out["services"][0]
        self.assertEqual(desired, svc["runningCount"])
        self.assertEqual(1, len(svc["deployments"]))
        self.assertLess(time.monotonic() - started, 300)

    def test_sts_get_caller_identity(self):
        out = self.cli("sts", "get-caller-identity")
        self.assertEqual(cs.ACCOUNT, out["Account"])


cs.per_backend(AwsCliChecks, globals())

if __name__ == "__main__":
    cs.main()
