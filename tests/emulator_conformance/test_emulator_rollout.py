"""Emulator only (moto never rolls out): boto3's services_stable waiter against real
rollouts at --speed 60, and a circuit-breaker rollback that the waiter calls "stable"."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import CRASH_IMAGE, HEALTHY_IMAGE, SLOW_IMAGE, rollout_scenario  # noqa: E402
from shape_checker import RawResponseRecorder, conformance_problems  # noqa: E402

NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d4e5f60718"],
                                   "securityGroups": ["sg-0a1b2c3d4e5f60718"]}}
# Virtual minutes pass in real seconds at --speed 60; 90 s real is 90 virtual minutes.
REAL_TIMEOUT = 90


LOG_GROUP = "/ecs/conformance-rollout"


def task_definition(family, image):
    return {"family": family, "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "cpu": "256", "memory": "512",
            "containerDefinitions": [{
                "name": "web", "image": image, "essential": True,
                "logConfiguration": {"logDriver": "awslogs", "options": {
                    "awslogs-group": LOG_GROUP, "awslogs-region": cs.REGION,
                    "awslogs-stream-prefix": "app", "awslogs-create-group": "true"}}}]}


class RolloutChecks(cs.BackendTestCase):
    SPEED = 60

    @classmethod
    def scenario(cls):
        return rollout_scenario()

    def setUp(self):
        super().setUp()
        self.recorder = RawResponseRecorder(self.ecs)
        self.cluster = self.unique("cl")
        self.ecs.create_cluster(clusterName=self.cluster)

    def service(self, name, image, desired=2, circuit_breaker=None):
        family = self.unique("td")
        arn = self.ecs.register_task_definition(**task_definition(family, image))[
            "taskDefinition"]["taskDefinitionArn"]
        config = {"minimumHealthyPercent": 100, "maximumPercent": 200}
        if circuit_breaker:
            config["deploymentCircuitBreaker"] = circuit_breaker
        self.ecs.create_service(cluster=self.cluster, serviceName=name, desiredCount=desired,
                                taskDefinition=arn, launchType="FARGATE",
                                networkConfiguration=NETWORK, deploymentConfiguration=config)
        return family, arn

    def describe(self, name):
        out = self.ecs.describe_services(cluster=self.cluster, services=[name])
        self.assertEqual([], conformance_problems(self.ecs, self.recorder, "DescribeServices"))
        return out["services"][0]

    def wait_stable(self, name):
        self.ecs.get_waiter("services_stable").wait(
            cluster=self.cluster, services=[name],
            WaiterConfig={"Delay": 1, "MaxAttempts": REAL_TIMEOUT})

    def test_waiter_succeeds_after_initial_rollout_and_an_update(self):
        name = self.unique("web")
        family, rev1 = self.service(name, HEALTHY_IMAGE, desired=2)
        self.wait_stable(name)
        svc = self.describe(name)
        self.assertEqual((2, 2, 0), (svc["desiredCount"], svc["runningCount"],
                                     svc["pendingCount"]))
        self.assertEqual([("PRIMARY", "COMPLETED")],
                         [(d["status"], d.get("rolloutState")) for d in svc["deployments"]])
        self.assertTrue(any("has reached a steady state" in e["message"] for e in svc["events"]))

        rev2 = self.ecs.register_task_definition(**task_definition(family, HEALTHY_IMAGE))[
            "taskDefinition"]["taskDefinitionArn"]
        updated = self.ecs.update_service(cluster=self.cluster, service=name,
                                          taskDefinition=rev2)["service"]
        self.assertEqual(["PRIMARY", "ACTIVE"], [d["status"] for d in updated["deployments"]])
        self.assertEqual("IN_PROGRESS", updated["deployments"][0]["rolloutState"])
        started = time.monotonic()
        self.wait_stable(name)
        svc = self.describe(name)
        self.assertEqual(rev2, svc["taskDefinition"])
        self.assertEqual([(rev2, "COMPLETED")],
                         [(d["taskDefinition"], d["rolloutState"]) for d in svc["deployments"]])
        # Events are newest first.
        times = [e["createdAt"] for e in svc["events"]]
        self.assertEqual(sorted(times, reverse=True), times)
        # Service deployment history pages with maxResults/nextToken (no SDK paginator).
        arns, token = [], None
        for _ in range(5):
            kwargs = {"cluster": self.cluster, "service": name, "maxResults": 1}
            if token:
                kwargs["nextToken"] = token
            page = self.ecs.list_service_deployments(**kwargs)
            self.assertLessEqual(len(page["serviceDeployments"]), 1)
            arns += [d["serviceDeploymentArn"] for d in page["serviceDeployments"]]
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual(2, len(set(arns)), arns)
        described = self.ecs.describe_service_deployments(serviceDeploymentArns=arns)
        self.assertEqual({"SUCCESSFUL"}, {d["status"] for d in described["serviceDeployments"]})
        # The task lifecycle runs on the virtual clock: a rollout is seconds, not minutes.
        self.assertLess(time.monotonic() - started, REAL_TIMEOUT)

    def update_to_crashing_image(self, name, rollback):
        family, rev1 = self.service(name, HEALTHY_IMAGE, desired=2,
                                    circuit_breaker={"enable": True, "rollback": rollback})
        self.wait_stable(name)
        rev2 = self.ecs.register_task_definition(**task_definition(family, CRASH_IMAGE))[
            "taskDefinition"]["taskDefinitionArn"]
        self.ecs.update_service(cluster=self.cluster, service=name, taskDefinition=rev2)
        return rev1, rev2

    def test_circuit_breaker_without_rollback_leaves_a_failed_primary(self):
        name = self.unique("breaker")
        rev1, rev2 = self.update_to_crashing_image(name, rollback=False)
        deadline = time.monotonic() + REAL_TIMEOUT
        primary = None
        while time.monotonic() < deadline:
            primary = self.describe(name)["deployments"][0]
            if primary.get("rolloutState") != "IN_PROGRESS":
                break
            time.sleep(0.5)
        self.assertEqual((rev2, "PRIMARY", "FAILED"),
                         (primary["taskDefinition"], primary["status"], primary["rolloutState"]))
        self.assertGreaterEqual(primary["failedTasks"], 3)  # threshold clamp(0.5 x 2, 3, 200)
        self.assertIn("circuit breaker", primary.get("rolloutStateReason", ""))
        # FAILED launches no new tasks (tasks already starting may still fail and add to
        # failedTasks), and the old deployment keeps serving.
        time.sleep(2)  # two virtual minutes
        svc = self.describe(name)
        self.assertEqual([(rev2, "FAILED"), (rev1, "COMPLETED")],
                         [(d["taskDefinition"], d["rolloutState"]) for d in svc["deployments"]])
        self.assertEqual(2, svc["runningCount"])
        messages = [e["message"] for e in svc["events"]]  # newest first
        failed_at = next(i for i, m in enumerate(messages) if "deployment failed" in m)
        self.assertEqual([], [m for m in messages[:failed_at] if "has started" in m])

    def test_circuit_breaker_rolls_back_and_the_waiter_still_says_stable(self):
        name = self.unique("rollback")
        rev1, rev2 = self.update_to_crashing_image(name, rollback=True)
        # The waiter only compares counts and deployment numbers: once the rollback to rev1
        # finishes it reports success, although the requested rev2 never ran. This is why
        # ecsdeploy judges rolloutState and the service deployment status itself.
        self.wait_stable(name)
        svc = self.describe(name)
        self.assertEqual(rev1, svc["taskDefinition"])
        self.assertEqual([(rev1, "COMPLETED")],
                         [(d["taskDefinition"], d["rolloutState"]) for d in svc["deployments"]])
        # The durable record of the failure is the service deployment of rev2.
        listed = self.ecs.list_service_deployments(cluster=self.cluster, service=name)
        self.assertEqual([], conformance_problems(self.ecs, self.recorder,
                                                  "ListServiceDeployments"))
        arns = [d["serviceDeploymentArn"] for d in listed["serviceDeployments"]]
        described = self.ecs.describe_service_deployments(serviceDeploymentArns=arns)
        self.assertEqual([], conformance_problems(self.ecs, self.recorder,
                                                  "DescribeServiceDeployments"))
        revisions = self.ecs.describe_service_revisions(serviceRevisionArns=[
            d["targetServiceRevision"]["arn"] for d in described["serviceDeployments"]])
        self.assertEqual([], conformance_problems(self.ecs, self.recorder,
                                                  "DescribeServiceRevisions"))
        task_def_of = {r["serviceRevisionArn"]: r["taskDefinition"]
                       for r in revisions["serviceRevisions"]}
        failed = [d for d in described["serviceDeployments"]
                  if task_def_of[d["targetServiceRevision"]["arn"]] == rev2]
        self.assertEqual(1, len(failed))
        self.assertEqual("ROLLBACK_SUCCESSFUL", failed[0]["status"])
        self.assertEqual("TRIGGERED", failed[0]["deploymentCircuitBreaker"]["status"])
        self.assertGreaterEqual(failed[0]["deploymentCircuitBreaker"]["failureCount"], 3)
        self.assertTrue(any("deployment failed" in e["message"] for e in svc["events"]))

    def test_timestamps_come_from_the_virtual_clock(self):
        name = self.unique("clock")
        self.service(name, HEALTHY_IMAGE, desired=0)
        virtual_now = self.server.control("GET", "health")["virtualTime"]
        svc = self.describe(name)
        created = svc["createdAt"].timestamp()
        self.assertAlmostEqual(virtual_now, created, delta=120)  # two real seconds at 60x
        # Virtual time runs 60x: it is ahead of the wall clock once the server has run a bit.
        time.sleep(1)
        later = self.server.control("GET", "health")["virtualTime"]
        self.assertGreater(later - virtual_now, 30)

    def test_stop_service_deployment_rolls_back(self):
        name = self.unique("stop")
        family, rev1 = self.service(name, HEALTHY_IMAGE, desired=2)
        self.wait_stable(name)
        rev3 = self.ecs.register_task_definition(**task_definition(family, SLOW_IMAGE))[
            "taskDefinition"]["taskDefinitionArn"]
        self.ecs.update_service(cluster=self.cluster, service=name, taskDefinition=rev3)
        listed = self.ecs.list_service_deployments(cluster=self.cluster, service=name,
                                                   status=["PENDING", "IN_PROGRESS"])
        self.assertEqual(1, len(listed["serviceDeployments"]), listed["serviceDeployments"])
        arn = listed["serviceDeployments"][0]["serviceDeploymentArn"]
        out = self.ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="ROLLBACK")
        self.assertEqual([], conformance_problems(self.ecs, self.recorder,
                                                  "StopServiceDeployment"))
        self.assertEqual(arn, out["serviceDeploymentArn"])
        self.wait_stable(name)
        self.assertEqual(rev1, self.describe(name)["taskDefinition"])
        deadline = time.monotonic() + REAL_TIMEOUT
        status = None
        while time.monotonic() < deadline:
            status = self.ecs.describe_service_deployments(
                serviceDeploymentArns=[arn])["serviceDeployments"][0]["status"]
            if status not in ("ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"):
                break
            time.sleep(0.5)
        self.assertEqual("ROLLBACK_SUCCESSFUL", status)

    def test_stopped_tasks_carry_the_crash_evidence(self):
        name = self.unique("crashloop")
        self.service(name, CRASH_IMAGE, desired=1)
        deadline = time.monotonic() + REAL_TIMEOUT
        stopped = []
        while not stopped and time.monotonic() < deadline:
            arns = self.ecs.list_tasks(cluster=self.cluster, serviceName=name,
                                       desiredStatus="STOPPED")["taskArns"]
            if arns:
                stopped = self.ecs.describe_tasks(cluster=self.cluster, tasks=arns)["tasks"]
                self.assertEqual([], conformance_problems(self.ecs, self.recorder,
                                                          "DescribeTasks"))
                stopped = [t for t in stopped if t["lastStatus"] == "STOPPED"]
            time.sleep(0.5)
        self.assertTrue(stopped, "no task of the crashing image ever stopped")
        task = stopped[0]
        self.assertEqual("EssentialContainerExited", task["stopCode"])
        self.assertEqual(1, task["containers"][0]["exitCode"])
        # The container's output is in CloudWatch Logs under <prefix>/<container>/<task-id>.
        stream = f"app/web/{task['taskArn'].rsplit('/', 1)[1]}"
        events = self.logs.get_log_events(logGroupName=LOG_GROUP, logStreamName=stream,
                                          startFromHead=True)["events"]
        self.assertIn("panic: cannot connect to database", [e["message"] for e in events])


cs.per_backend(RolloutChecks, globals(), backends=("emulator",))

if __name__ == "__main__":
    cs.main()
