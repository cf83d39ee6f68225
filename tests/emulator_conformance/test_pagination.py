"""Pagination as AWS does it, judged by boto3's own paginators (botocore's paginator models
name each operation's token and limit members): every list operation the emulator implements
returns each item exactly once across pages of the requested size, ends without a token,
keeps its documented default page size, and rejects a page size outside the documented bounds
and a token it did not issue. The aws CLI pages with the same models (--page-size)."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import HEALTHY_IMAGE, bench_scenario  # noqa: E402

CLUSTER = "bench"  # bench_scenario(1, 7): one steady service svc-000 with 7 tasks
SERVICE = "svc-000"


class PaginationChecks(cs.BackendTestCase):
    SPEED = 0  # frozen clock: nothing changes between pages

    @classmethod
    def scenario(cls):
        return bench_scenario(1, 7)[0]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aas = cls.server.client("application-autoscaling")
        # Clients that let out-of-range values reach the server (botocore checks minimums).
        cls.raw = {name: cls.server.client(name, parameter_validation=False)
                   for name in ("ecs", "ecr", "logs", "application-autoscaling")}

    def paged(self, client, operation, page_size, **kwargs):
        """Pages through `operation` with the boto3 paginator; returns the list of pages."""
        paginator = client.get_paginator(operation)
        return list(paginator.paginate(PaginationConfig={"PageSize": page_size}, **kwargs))

    def check_pages(self, pages, key, page_size, expected, token="nextToken"):
        items = [item for page in pages for item in page[key]]
        self.assertEqual(expected, items, "every item once, in the unpaged order")
        for page in pages[:-1]:
            self.assertEqual(page_size, len(page[key]), "full pages before the last")
            self.assertIn(token, page)
        self.assertNotIn(token, pages[-1], "the last page carries no token")

    def assertRejected(self, aws_service, operation, code, **kwargs):
        self.assertClientError(code, getattr(self.raw[aws_service], operation), **kwargs)

    def check_bounds(self, aws_service, operation, member, high, code, **kwargs):
        for bad in (0, high + 1):
            self.assertRejected(aws_service, operation, code, **{member: bad}, **kwargs)
        token = "nextToken" if member != "MaxResults" else "NextToken"
        bad_token_code = "InvalidNextTokenException" \
            if aws_service == "application-autoscaling" else code
        self.assertRejected(aws_service, operation, bad_token_code, **{token: "not-a-token"},
                            **kwargs)

    # --- ECS ---

    def test_list_clusters(self):
        for _ in range(5):
            self.ecs.create_cluster(clusterName=self.unique("page"))
        everything = self.ecs.list_clusters(maxResults=100)["clusterArns"]
        self.assertGreaterEqual(len(everything), 6)
        self.check_pages(self.paged(self.ecs, "list_clusters", 2), "clusterArns", 2, everything)
        self.check_bounds("ecs", "list_clusters", "maxResults", 100,
                          "InvalidParameterException")

    def test_list_services_default_page_is_ten(self):
        cluster = self.unique("svcs")
        self.ecs.create_cluster(clusterName=cluster)
        td = self.ecs.register_task_definition(
            family=self.unique("svc"),
            containerDefinitions=[{"name": "web", "image": HEALTHY_IMAGE, "memory": 128}])
        arn = td["taskDefinition"]["taskDefinitionArn"]
        for _ in range(12):
            self.ecs.create_service(cluster=cluster, serviceName=self.unique("s"),
                                    taskDefinition=arn, desiredCount=0)
        first = self.ecs.list_services(cluster=cluster)
        self.assertEqual(10, len(first["serviceArns"]), "ListServices returns 10 by default")
        rest = self.ecs.list_services(cluster=cluster, nextToken=first["nextToken"])
        self.assertEqual(2, len(rest["serviceArns"]))
        self.assertNotIn("nextToken", rest)
        everything = first["serviceArns"] + rest["serviceArns"]
        self.assertEqual(12, len(set(everything)))
        self.check_pages(self.paged(self.ecs, "list_services", 5, cluster=cluster),
                         "serviceArns", 5, everything)
        self.check_bounds("ecs", "list_services", "maxResults", 100,
                          "InvalidParameterException", cluster=cluster)

    def test_list_tasks(self):
        everything = self.ecs.list_tasks(cluster=CLUSTER, serviceName=SERVICE)["taskArns"]
        self.assertEqual(7, len(everything))
        self.check_pages(self.paged(self.ecs, "list_tasks", 3, cluster=CLUSTER,
                                    serviceName=SERVICE), "taskArns", 3, everything)
        self.check_bounds("ecs", "list_tasks", "maxResults", 100, "InvalidParameterException",
                          cluster=CLUSTER)

    def test_token_of_another_listing_is_rejected(self):
        token = self.ecs.list_tasks(cluster=CLUSTER, maxResults=1)["nextToken"]
        self.assertRejected("ecs", "list_clusters", "InvalidParameterException", nextToken=token)
        self.assertRejected("ecs", "list_tasks", "InvalidParameterException", cluster=CLUSTER,
                            desiredStatus="STOPPED", nextToken=token)

    def test_list_task_definitions_both_orders(self):
        family = self.unique("fam")
        for _ in range(5):
            self.ecs.register_task_definition(
                family=family,
                containerDefinitions=[{"name": "web", "image": HEALTHY_IMAGE, "memory": 128}])
        asc = self.ecs.list_task_definitions(familyPrefix=family)["taskDefinitionArns"]
        self.assertEqual([int(a.rsplit(":", 1)[1]) for a in asc], [1, 2, 3, 4, 5])
        self.check_pages(self.paged(self.ecs, "list_task_definitions", 2, familyPrefix=family),
                         "taskDefinitionArns", 2, asc)
        self.check_pages(self.paged(self.ecs, "list_task_definitions", 2, familyPrefix=family,
                                    sort="DESC"), "taskDefinitionArns", 2, asc[::-1])
        self.check_bounds("ecs", "list_task_definitions", "maxResults", 100,
                          "InvalidParameterException")

    def test_list_service_deployments_bounds(self):
        # No botocore paginator exists for it; the manual nextToken loop is in
        # test_emulator_rollout. Bounds: 1-100 (default 20).
        self.check_bounds("ecs", "list_service_deployments", "maxResults", 100,
                          "InvalidParameterException", cluster=CLUSTER, service=SERVICE)

    # --- ECR ---

    def test_describe_repositories(self):
        names = [self.unique("pages/repo") for _ in range(5)]
        for name in names:
            self.ecr.create_repository(repositoryName=name)
        everything = self.ecr.describe_repositories(maxResults=1000)["repositories"]
        self.assertTrue(set(names) <= {r["repositoryName"] for r in everything})
        self.check_pages(self.paged(self.ecr, "describe_repositories", 2), "repositories", 2,
                         everything)
        self.check_bounds("ecr", "describe_repositories", "maxResults", 1000,
                          "InvalidParameterException")
        # maxResults only pages the whole registry, never a list of names.
        self.assertRejected("ecr", "describe_repositories", "InvalidParameterException",
                            repositoryNames=names[:1], maxResults=1)
        named = self.ecr.describe_repositories(repositoryNames=names[:2])["repositories"]
        self.assertEqual(names[:2], [r["repositoryName"] for r in named])

    def test_describe_images(self):
        repo = self.unique("pages/images")
        self.ecr.create_repository(repositoryName=repo)
        for i in range(5):
            manifest = json.dumps({"schemaVersion": 2, "config": {"digest": f"sha256:{i:064d}"}})
            self.ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag=f"v{i}")
        everything = self.ecr.describe_images(repositoryName=repo)["imageDetails"]
        self.assertEqual(5, len(everything))
        self.check_pages(self.paged(self.ecr, "describe_images", 2, repositoryName=repo),
                         "imageDetails", 2, everything)
        self.check_bounds("ecr", "describe_images", "maxResults", 1000,
                          "InvalidParameterException", repositoryName=repo)

    # --- CloudWatch Logs ---

    def test_describe_log_streams(self):
        group = self.unique("/pages/group")
        self.logs.create_log_group(logGroupName=group)
        names = [f"s{i}" for i in range(7)]
        for i, name in enumerate(names):
            self.logs.create_log_stream(logGroupName=group, logStreamName=name)
            # Later streams get earlier events: LastEventTime order differs from name order.
            self.logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
                {"timestamp": 1_700_000_000_000 - i * 1000, "message": name}])
        pages = self.paged(self.logs, "describe_log_streams", 3, logGroupName=group)
        self.check_pages(pages, "logStreams", 3,
                         self.logs.describe_log_streams(logGroupName=group)["logStreams"])
        self.assertEqual(names, [s["logStreamName"] for p in pages for s in p["logStreams"]])
        by_time = self.paged(self.logs, "describe_log_streams", 2, logGroupName=group,
                             orderBy="LastEventTime")
        self.assertEqual(names[::-1], [s["logStreamName"] for p in by_time
                                       for s in p["logStreams"]])
        newest = self.logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime",
                                                descending=True, limit=1)
        self.assertEqual(["s0"], [s["logStreamName"] for s in newest["logStreams"]])
        self.check_bounds("logs", "describe_log_streams", "limit", 50,
                          "InvalidParameterException", logGroupName=group)
        self.assertRejected("logs", "describe_log_streams", "InvalidParameterException",
                            logGroupName=group, orderBy="LastEventTime",
                            logStreamNamePrefix="s")

    # --- Application Auto Scaling ---

    def test_describe_scalable_targets(self):
        ids = [f"service/{CLUSTER}/{self.unique('scaled')}" for _ in range(5)]
        for rid in ids:
            self.aas.register_scalable_target(
                ServiceNamespace="ecs", ResourceId=rid,
                ScalableDimension="ecs:service:DesiredCount", MinCapacity=1, MaxCapacity=4)
        everything = self.aas.describe_scalable_targets(ServiceNamespace="ecs")
        self.assertNotIn("NextToken", everything)
        targets = everything["ScalableTargets"]
        self.assertTrue(set(ids) <= {t["ResourceId"] for t in targets})
        self.check_pages(self.paged(self.aas, "describe_scalable_targets", 2,
                                    ServiceNamespace="ecs"),
                         "ScalableTargets", 2, targets, token="NextToken")
        self.check_bounds("application-autoscaling", "describe_scalable_targets", "MaxResults",
                          50, "ValidationException", ServiceNamespace="ecs")

    # --- aws CLI: pages with --page-size, resumes with --starting-token ---

    def cli(self, *args):
        result = self.server.run_cli(*args, timeout=120)
        self.assertEqual(0, result.returncode, result.stderr[-2000:])
        return json.loads(result.stdout)

    def test_aws_cli_pages(self):
        everything = self.ecs.list_tasks(cluster=CLUSTER, serviceName=SERVICE)["taskArns"]
        out = self.cli("ecs", "list-tasks", "--cluster", CLUSTER, "--service-name", SERVICE,
                       "--page-size", "2")
        self.assertEqual(everything, out["taskArns"])
        first = self.cli("ecs", "list-tasks", "--cluster", CLUSTER, "--service-name", SERVICE,
                         "--max-items", "4", "--page-size", "3")
        self.assertEqual(everything[:4], first["taskArns"])
        rest = self.cli("ecs", "list-tasks", "--cluster", CLUSTER, "--service-name", SERVICE,
                        "--starting-token", first["NextToken"], "--page-size", "3")
        self.assertEqual(everything[4:], rest["taskArns"])


cs.per_backend(PaginationChecks, globals(), backends=("emulator",))

if __name__ == "__main__":
    cs.main()
