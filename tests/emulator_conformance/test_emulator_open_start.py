"""Emulator only: `ecs-emulator --port 0` with no scenario (or a `{}` file) starts empty with one
account, 123456789012, that takes any credentials (as moto_server does), so independent clients
create everything through the API."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
import botocore.config  # noqa: E402

import servers  # noqa: E402
import ecs_emulator  # noqa: E402  (on the path through servers)


class OpenStart(unittest.TestCase):
    def start(self, *args):
        binary = servers.emulator_binary()
        if not os.access(binary, os.X_OK):
            self.skipTest(f"ecs-emulator is not built at {binary}")
        log = tempfile.TemporaryFile()
        self.addCleanup(log.close)
        process, port = ecs_emulator.launch([binary, "--port", "0", *args], log)
        self.addCleanup(ecs_emulator.stop, process)
        return f"http://{servers.LOOPBACK}:{port}"

    def client(self, endpoint, service, key):
        return boto3.session.Session(aws_access_key_id=key, aws_secret_access_key="anything",
                                     region_name=servers.REGION).client(
            service, endpoint_url=endpoint,
            config=botocore.config.Config(retries={"total_max_attempts": 1}, proxies={}))

    def check(self, endpoint):
        for key in ("AKIAANYKEY0000000001", "AKIAOTHERKEY00000002"):
            ident = self.client(endpoint, "sts", key).get_caller_identity()
            self.assertEqual("123456789012", ident["Account"])
        ecs = self.client(endpoint, "ecs", "AKIAANYKEY0000000001")
        arn = ecs.create_cluster(clusterName="made-by-api")["cluster"]["clusterArn"]
        self.assertEqual("arn:aws:ecs:us-east-1:123456789012:cluster/made-by-api", arn)
        self.assertEqual([arn], ecs.list_clusters()["clusterArns"])

    def test_no_state_flag(self):
        self.check(self.start())

    def test_empty_scenario_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write("{}")
        self.addCleanup(os.unlink, f.name)
        self.check(self.start("--state", f.name))


if __name__ == "__main__":
    unittest.main(verbosity=2)
