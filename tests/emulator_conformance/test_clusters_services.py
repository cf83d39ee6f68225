"""Clusters, services and tasks: response shapes, failures[] MISSING and error codes."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from shape_checker import RawResponseRecorder, conformance_problems  # noqa: E402

IMAGE = "public.ecr.aws/nginx/nginx:1.25"

# A bad cluster/service name is a 400 client error; which of the two codes AWS uses for
# each is not on record here (task definition families: ClientException, observed).
NAME_ERRORS = ("InvalidParameterException", "ClientException")


def network_for(server, backend):
    """awsvpc network configuration; moto checks the subnet against its own EC2, so there
    one is created first (the emulator, like our tool, does not model EC2)."""
    subnet, group = "subnet-0a1b2c3d4e5f60718", "sg-0a1b2c3d4e5f60718"
    if backend == "moto":
        ec2 = server.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
        group = ec2.create_security_group(GroupName="conformance", Description="conformance",
                                          VpcId=vpc)["GroupId"]
    return {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group],
                                    "assignPublicIp": "DISABLED"}}


def task_definition(family, image=IMAGE):
    return {"family": family, "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "web", "image": image, "essential": True,
                                      "portMappings": [{"containerPort": 80}]}]}


class ClusterServiceChecks(cs.BackendTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.network = network_for(cls.server, cls.BACKEND)

    def setUp(self):
        super().setUp()
        self.recorder = RawResponseRecorder(self.ecs)

    def assertConforms(self, operation):
        self.assertEqual([], conformance_problems(self.ecs, self.recorder, operation))

    def make_service(self, desired=2, **extra):
        cluster = self.unique("cl")
        family = self.unique("svc-td")
        self.ecs.create_cluster(clusterName=cluster)
        td = self.ecs.register_task_definition(**task_definition(family))
        name = self.unique("svc")
        kwargs = dict(cluster=cluster, serviceName=name, desiredCount=desired,
                      taskDefinition=td["taskDefinition"]["taskDefinitionArn"],
                      launchType="FARGATE", networkConfiguration=self.network)
        kwargs.update(extra)
        out = self.ecs.create_service(**kwargs)
        return cluster, name, family, out["service"]

    # Clusters

    def test_create_and_describe_cluster_with_a_missing_one(self):
        name = self.unique("cluster")
        created = self.ecs.create_cluster(clusterName=name)
        self.assertConforms("CreateCluster")
        arn = f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:cluster/{name}"
        self.assertEqual(arn, created["cluster"]["clusterArn"])
        self.assertEqual("ACTIVE", created["cluster"]["status"])
        missing = self.unique("no-such-cluster")
        out = self.ecs.describe_clusters(clusters=[name, missing])
        self.assertConforms("DescribeClusters")
        self.assertEqual([arn], [c["clusterArn"] for c in out["clusters"]])
        self.assertEqual([{"arn": f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:cluster/{missing}",
                           "reason": "MISSING"}],
                         [{k: f[k] for k in ("arn", "reason")} for f in out["failures"]])

    def test_describe_cluster_by_arn(self):
        name = self.unique("cluster")
        arn = self.ecs.create_cluster(clusterName=name)["cluster"]["clusterArn"]
        out = self.ecs.describe_clusters(clusters=[arn])
        self.assertEqual([name], [c["clusterName"] for c in out["clusters"]])

    def test_bad_cluster_name_is_rejected(self):
        with self.moto_differs("moto does not validate cluster names"):
            self.assertClientError(NAME_ERRORS, self.ecs.create_cluster,
                                   clusterName="no spaces allowed")

    # Services

    def test_create_and_describe_service_shapes(self):
        cluster, name, family, created = self.make_service(desired=2)
        self.assertConforms("CreateService")
        self.assertEqual(name, created["serviceName"])
        self.assertEqual(f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:service/{cluster}/{name}",
                         created["serviceArn"])
        out = self.ecs.describe_services(cluster=cluster, services=[name])
        self.assertConforms("DescribeServices")
        self.assertEqual([], out["failures"])
        svc = out["services"][0]
        self.assertEqual(("ACTIVE", 2), (svc["status"], svc["desiredCount"]))
        self.assertEqual(f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task-definition/{family}:1",
                         svc["taskDefinition"])
        self.assertEqual(["PRIMARY"], [d["status"] for d in svc["deployments"]])
        primary = svc["deployments"][0]
        self.assertEqual(svc["taskDefinition"], primary["taskDefinition"])
        self.assertRegex(primary["id"], r"^ecs-svc/\d+$")

    def test_describe_services_reports_missing_ones_as_failures(self):
        cluster, name, _, created = self.make_service(desired=0)
        missing = self.unique("ghost")
        out = self.ecs.describe_services(cluster=cluster, services=[name, missing])
        self.assertConforms("DescribeServices")
        self.assertEqual([created["serviceArn"]], [s["serviceArn"] for s in out["services"]])
        # The failure's ARN form (with or without the cluster) is not part of the contract
        # our tool relies on; only the reason and the service name are.
        self.assertEqual(["MISSING"], [f["reason"] for f in out["failures"]])
        self.assertRegex(out["failures"][0]["arn"],
                         rf"^arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:service/(.+/)?{missing}$")

    def test_describe_services_in_unknown_cluster(self):
        self.assertClientError("ClusterNotFoundException", self.ecs.describe_services,
                               cluster=self.unique("nocluster"), services=["x"])

    def test_describe_services_accepts_at_most_ten(self):
        cluster, name, _, _ = self.make_service(desired=0)
        with self.moto_differs("moto does not limit DescribeServices to 10 services"):
            self.assertClientError("InvalidParameterException", self.ecs.describe_services,
                                   cluster=cluster, services=[name] * 11)

    def test_update_desired_count_keeps_the_deployment(self):
        cluster, name, _, created = self.make_service(desired=1)
        before = [d["id"] for d in created["deployments"]]
        out = self.ecs.update_service(cluster=cluster, service=name, desiredCount=3)
        self.assertConforms("UpdateService")
        self.assertEqual(3, out["service"]["desiredCount"])
        self.assertEqual(before, [d["id"] for d in out["service"]["deployments"]])

    def test_update_task_definition_starts_a_new_primary_deployment(self):
        cluster, name, family, created = self.make_service(desired=1)
        td2 = self.ecs.register_task_definition(**task_definition(family))
        arn2 = td2["taskDefinition"]["taskDefinitionArn"]
        out = self.ecs.update_service(cluster=cluster, service=name, taskDefinition=arn2)
        self.assertConforms("UpdateService")
        svc = out["service"]
        self.assertEqual(arn2, svc["taskDefinition"])
        with self.moto_differs("moto lists the new PRIMARY deployment last"):
            self._check_new_primary(svc, created, arn2)

    def _check_new_primary(self, svc, created, arn2):
        self.assertEqual("PRIMARY", svc["deployments"][0]["status"])
        self.assertEqual(arn2, svc["deployments"][0]["taskDefinition"])
        old = [d for d in svc["deployments"] if d["id"] == created["deployments"][0]["id"]]
        self.assertEqual(["ACTIVE"], [d["status"] for d in old])

    def test_code_deploy_controller_is_stored_and_refuses_task_definition_updates(self):
        cluster, name, family, svc = self.make_service(
            desired=1, deploymentController={"type": "CODE_DEPLOY"})
        self.assertEqual({"type": "CODE_DEPLOY"}, svc["deploymentController"])
        out = self.ecs.describe_services(cluster=cluster, services=[name])
        self.assertEqual({"type": "CODE_DEPLOY"}, out["services"][0]["deploymentController"])
        if self.BACKEND != "emulator":
            return  # moto does not model the CodeDeploy restriction
        self.assertClientError("InvalidParameterException", self.ecs.update_service,
                               cluster=cluster, service=name, taskDefinition=family)

    def test_update_unknown_service_and_cluster(self):
        cluster, _, _, _ = self.make_service(desired=0)
        self.assertClientError("ServiceNotFoundException", self.ecs.update_service,
                               cluster=cluster, service=self.unique("ghost"), desiredCount=1)
        self.assertClientError("ClusterNotFoundException", self.ecs.update_service,
                               cluster=self.unique("nocluster"), service="x", desiredCount=1)

    def test_create_service_with_unknown_task_definition(self):
        cluster = self.unique("cl")
        self.ecs.create_cluster(clusterName=cluster)
        self.assertClientError("ClientException", self.ecs.create_service, cluster=cluster,
                               serviceName="s", desiredCount=1,
                               taskDefinition=self.unique("nofamily") + ":3",
                               launchType="FARGATE", networkConfiguration=self.network)

    def test_create_service_in_unknown_cluster(self):
        family = self.unique("td")
        self.ecs.register_task_definition(**task_definition(family))
        self.assertClientError("ClusterNotFoundException", self.ecs.create_service,
                               cluster=self.unique("nocluster"), serviceName="s",
                               desiredCount=1, taskDefinition=family, launchType="FARGATE",
                               networkConfiguration=self.network)

    def test_bad_service_name_is_rejected(self):
        cluster = self.unique("cl")
        self.ecs.create_cluster(clusterName=cluster)
        family = self.unique("td")
        self.ecs.register_task_definition(**task_definition(family))
        with self.moto_differs("moto does not validate service names"):
            self.assertClientError(NAME_ERRORS, self.ecs.create_service,
                                   cluster=cluster, serviceName="bad/name", desiredCount=1,
                                   taskDefinition=family, launchType="FARGATE",
                                   networkConfiguration=self.network)

    def test_service_tags_round_trip(self):
        _, _, _, created = self.make_service(desired=0)
        arn = created["serviceArn"]
        self.ecs.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "test"}])
        self.assertConforms("TagResource")
        out = self.ecs.list_tags_for_resource(resourceArn=arn)
        self.assertConforms("ListTagsForResource")
        self.assertEqual([{"key": "env", "value": "test"}], out["tags"])

    # Tasks

    def test_list_and_describe_tasks_shapes(self):
        cluster, name, _, _ = self.make_service(desired=2)
        listed = self.ecs.list_tasks(cluster=cluster, serviceName=name)
        self.assertConforms("ListTasks")
        with self.moto_differs("moto never starts a service's tasks"):
            self.assertEqual(2, len(listed["taskArns"]))
        for arn in listed["taskArns"]:
            self.assertRegex(arn, rf"^arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task/{re.escape(cluster)}/")
        ghost = f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task/{cluster}/0123456789abcdef0123456789abcdef"
        out = self.ecs.describe_tasks(cluster=cluster, tasks=listed["taskArns"] + [ghost])
        self.assertConforms("DescribeTasks")
        self.assertEqual(sorted(listed["taskArns"]), sorted(t["taskArn"] for t in out["tasks"]))
        with self.moto_differs("moto leaves unknown tasks out of failures[]"):
            self.assertEqual([(ghost, "MISSING")],
                             [(f["arn"], f["reason"]) for f in out["failures"]])

    def test_list_tasks_in_unknown_cluster(self):
        self.assertClientError("ClusterNotFoundException", self.ecs.list_tasks,
                               cluster=self.unique("nocluster"))


cs.per_backend(ClusterServiceChecks, globals())

if __name__ == "__main__":
    cs.main()
