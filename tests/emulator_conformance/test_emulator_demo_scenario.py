"""Emulator only: the shipped demo scenario (examples/scenarios/demo.json, what the README's
main command uses) seen through boto3 — a steady service, its ECR images, and the
"tag missing from ECR" failure as ECS reports it."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from shape_checker import RawResponseRecorder, conformance_problems  # noqa: E402

DEMO = os.path.join(cs.SOURCE_DIR, "examples", "scenarios", "demo.json")
REAL_TIMEOUT = 90


class DemoScenarioChecks(cs.BackendTestCase):
    SPEED = 60

    @classmethod
    def scenario(cls):
        with open(DEMO) as f:
            return json.load(f)

    def setUp(self):
        super().setUp()
        self.recorder = RawResponseRecorder(self.ecs)

    def test_demo_service_is_steady_and_conforms(self):
        out = self.ecs.describe_services(cluster="demo", services=["web"], include=["TAGS"])
        self.assertEqual([], conformance_problems(self.ecs, self.recorder, "DescribeServices"))
        svc = out["services"][0]
        self.assertEqual((svc["desiredCount"], 1), (svc["runningCount"], len(svc["deployments"])))
        self.ecs.get_waiter("services_stable").wait(
            cluster="demo", services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
        tasks = self.ecs.list_tasks(cluster="demo", serviceName="web")["taskArns"]
        described = self.ecs.describe_tasks(cluster="demo", tasks=tasks)
        self.assertEqual([], conformance_problems(self.ecs, self.recorder, "DescribeTasks"))
        self.assertEqual({"RUNNING"}, {t["lastStatus"] for t in described["tasks"]})

    def test_demo_images_are_in_ecr(self):
        ecr = self.server.client("ecr")
        recorder = RawResponseRecorder(ecr)
        out = ecr.describe_images(repositoryName="web", imageIds=[{"imageTag": "latest"}])
        self.assertEqual([], conformance_problems(ecr, recorder, "DescribeImages"))
        self.assertIn("v1.2.0", out["imageDetails"][0]["imageTags"])
        self.assertClientError("ImageNotFoundException", ecr.describe_images,
                               repositoryName="web", imageIds=[{"imageTag": "v9.9.9"}])

    def test_tag_missing_from_ecr_stops_tasks_with_cannot_pull(self):
        td = self.ecs.describe_task_definition(taskDefinition="web:2",
                                               include=["TAGS"])
        body = {k: v for k, v in td["taskDefinition"].items() if k not in (
            "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
            "registeredAt", "deregisteredAt", "deleteRequestedAt", "registeredBy")}
        image = body["containerDefinitions"][0]["image"]
        body["containerDefinitions"][0]["image"] = image.rsplit(":", 1)[0] + ":v9.9.9"
        arn = self.ecs.register_task_definition(**body, tags=td["tags"])[
            "taskDefinition"]["taskDefinitionArn"]
        self.ecs.update_service(cluster="demo", service="web", taskDefinition=arn)
        deadline = time.monotonic() + REAL_TIMEOUT
        stopped = []
        while not stopped and time.monotonic() < deadline:
            arns = self.ecs.list_tasks(cluster="demo", serviceName="web",
                                       desiredStatus="STOPPED")["taskArns"]
            if arns:
                stopped = [t for t in self.ecs.describe_tasks(cluster="demo", tasks=arns)["tasks"]
                           if t["taskDefinitionArn"] == arn and t["lastStatus"] == "STOPPED"]
            time.sleep(0.5)
        self.assertTrue(stopped, "no task of the missing tag ever stopped")
        self.assertEqual([], conformance_problems(self.ecs, self.recorder, "DescribeTasks"))
        task = stopped[0]
        self.assertEqual("TaskFailedToStart", task["stopCode"])
        self.assertIn("CannotPullContainerError", task["stoppedReason"] + " ".join(
            c.get("reason", "") for c in task["containers"]))


cs.per_backend(DemoScenarioChecks, globals(), backends=("emulator",))

if __name__ == "__main__":
    cs.main()
