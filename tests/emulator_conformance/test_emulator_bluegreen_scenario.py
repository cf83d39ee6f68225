"""The shipped examples/scenarios/bluegreen.json rehearsal, driven with the aws CLI only: a
blue/green deploy pauses after the test traffic shift, `continue-service-deployment` resumes
it, it bakes and succeeds; the crashing image then trips the scripted alarm web-5xx and the
deployment rolls back to the previous revision."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import servers  # noqa: E402

SCENARIO = os.path.join(servers.SOURCE_DIR, "examples", "scenarios", "bluegreen.json")
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:"


class BlueGreenRehearsal(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SCENARIO) as f:
            cls.server = servers.EmulatorServer(json.load(f), speed=0).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def cli(self, *args):
        out = self.server.run_cli(*args)
        self.assertEqual(0, out.returncode, out.stderr)
        return json.loads(out.stdout) if out.stdout.strip() else None

    def deploy(self, tag):
        td = self.cli("ecs", "describe-task-definition", "--task-definition", "web")["taskDefinition"]
        containers = td["containerDefinitions"]
        containers[0]["image"] = IMAGE + tag
        arn = self.cli("ecs", "register-task-definition", "--family", "web",
                       "--cpu", td["cpu"], "--memory", td["memory"],
                       "--network-mode", td["networkMode"],
                       "--requires-compatibilities", "FARGATE",
                       "--container-definitions", json.dumps(containers))[
            "taskDefinition"]["taskDefinitionArn"]
        svc = self.cli("ecs", "update-service", "--cluster", "demo", "--service", "web",
                       "--task-definition", arn)["service"]
        return svc["currentServiceDeployment"]

    def until(self, arn, done, limit=7200, step=10):
        for _ in range(limit // step):
            self.server.advance_clock(step)
            sd = self.cli("ecs", "describe-service-deployments", "--service-deployment-arns",
                          arn)["serviceDeployments"][0]
            if done(sd) or sd["status"] not in ("PENDING", "IN_PROGRESS", "ROLLBACK_IN_PROGRESS"):
                return sd
        self.fail(f"{arn} did not get there in {limit} virtual seconds")

    def test_pause_continue_bake_then_alarm_rollback(self):
        arn = self.deploy("v1.4.0")
        sd = self.until(arn, lambda sd: any(h["status"] == "AWAITING_ACTION"
                                            for h in sd.get("lifecycleHookDetails", [])))
        self.assertEqual("POST_TEST_TRAFFIC_SHIFT", sd["lifecycleStage"])
        hook = sd["lifecycleHookDetails"][0]["hookId"]
        self.cli("ecs", "continue-service-deployment", "--service-deployment-arn", arn,
                 "--hook-id", hook)
        sd = self.until(arn, lambda sd: sd["lifecycleStage"] == "BAKE_TIME")
        self.assertEqual("BAKE_TIME", sd["lifecycleStage"])
        sd = self.until(arn, lambda sd: False)
        self.assertEqual("SUCCESSFUL", sd["status"])
        self.assertEqual("MONITORING_COMPLETE", sd["alarms"]["status"])

        arn = self.deploy("v1.3.0-crash")
        sd = self.until(arn, lambda sd: False)
        self.assertEqual("ROLLBACK_SUCCESSFUL", sd["status"])
        self.assertEqual(["web-5xx"], sd["alarms"]["triggeredAlarmNames"])
        alarm = self.cli("cloudwatch", "describe-alarms", "--alarm-names", "web-5xx")
        self.assertEqual("ALARM", alarm["MetricAlarms"][0]["StateValue"])
        svc = self.cli("ecs", "describe-services", "--cluster", "demo", "--services", "web")
        self.assertTrue(svc["services"][0]["taskDefinition"].endswith(":3"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
