"""Bad input gets the error code AWS gives, for every ECS, ECR, Logs, STS and Application Auto
Scaling operation the emulator implements (codes from ../shared/reference/ecs-api-digest.md
and the operations' modeled errors in botocore). Clients here skip botocore's own parameter
validation, so out-of-range values reach the server as they would from any other SDK.

Each row: (client, operation, parameters, expected code). The table is the contract; a row's
code must also be one the botocore model lists for that operation or a common AWS error."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import HEALTHY_IMAGE, ROLE_ARN, base_scenario  # noqa: E402

CLUSTER = "errs"
ACTIVE = "live"
DRAINING = "going"
IMMUTABLE_REPO = "errs/immutable"
TOKEN_ROLE = f"arn:aws:iam::{cs.ACCOUNT}:role/token-only"
MANIFEST = json.dumps({"schemaVersion": 2, "config": {"digest": "sha256:" + "d" * 64}})
# Codes every operation may answer besides its modeled ones (digest §1).
COMMON = {"ThrottlingException", "AccessDeniedException", "ValidationException",
          "UnrecognizedClientException", "SerializationException", "AccessDenied",
          "ValidationError", "Throttling"}


def scenario():
    s = base_scenario()
    s["accounts"][0]["roles"].append({"name": "token-only", "webIdentityTokens": ["tok-1234"]})
    s["clusters"] = [{"name": CLUSTER}]
    s["taskDefinitions"] = [{"family": "errs", "containerDefinitions": [
        {"name": "web", "image": HEALTHY_IMAGE, "memory": 128}]}]
    s["services"] = [
        {"name": ACTIVE, "cluster": CLUSTER, "taskDefinition": "errs", "desiredCount": 1},
        {"name": DRAINING, "cluster": CLUSTER, "taskDefinition": "errs", "desiredCount": 0,
         "status": "DRAINING"}]
    s["repositories"] = [{"name": IMMUTABLE_REPO, "imageTagMutability": "IMMUTABLE",
                          "images": [{"tags": ["v1"]}]}]
    s["logGroups"] = ["/errs/group"]
    return s


def ecs_rows():
    missing = "ghost-cluster"
    sd_arn = f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:service-deployment/{CLUSTER}/{ACTIVE}/nope"
    task_arn = f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task/{CLUSTER}/" + "0" * 32
    td = {"family": "errs-new", "containerDefinitions": [
        {"name": "web", "image": HEALTHY_IMAGE, "memory": 128}]}
    return [
        ("ListServices", {"cluster": missing}, "ClusterNotFoundException"),
        ("ListTasks", {"cluster": missing}, "ClusterNotFoundException"),
        ("ListTasks", {"cluster": CLUSTER, "serviceName": "ghost"}, "ServiceNotFoundException"),
        ("ListTasks", {"cluster": CLUSTER, "serviceName": ACTIVE, "startedBy": "me"},
         "InvalidParameterException"),
        ("ListTasks", {"cluster": CLUSTER, "desiredStatus": "SLEEPING"},
         "InvalidParameterException"),
        ("DescribeTasks", {"cluster": missing, "tasks": [task_arn]}, "ClusterNotFoundException"),
        ("DescribeTasks", {"cluster": CLUSTER, "tasks": []}, "InvalidParameterException"),
        ("DescribeTasks", {"cluster": CLUSTER, "tasks": [task_arn] * 101},
         "InvalidParameterException"),
        ("StopTask", {"cluster": missing, "task": task_arn}, "ClusterNotFoundException"),
        ("StopTask", {"cluster": CLUSTER, "task": task_arn}, "InvalidParameterException"),
        ("DescribeServices", {"cluster": CLUSTER, "services": []}, "InvalidParameterException"),
        ("DescribeServices", {"cluster": CLUSTER, "services": ["s"] * 11},
         "InvalidParameterException"),
        ("DescribeClusters", {"clusters": ["c"] * 101}, "InvalidParameterException"),
        ("CreateService", {"cluster": CLUSTER, "serviceName": ACTIVE, "taskDefinition": "errs",
                           "desiredCount": 1}, "InvalidParameterException"),
        ("CreateService", {"cluster": missing, "serviceName": "x", "taskDefinition": "errs"},
         "ClusterNotFoundException"),
        ("CreateService", {"cluster": CLUSTER, "serviceName": "neg", "taskDefinition": "errs",
                           "desiredCount": -1}, "InvalidParameterException"),
        ("UpdateService", {"cluster": CLUSTER, "service": DRAINING, "desiredCount": 1},
         "ServiceNotActiveException"),
        ("UpdateService", {"cluster": CLUSTER, "service": "ghost"}, "ServiceNotFoundException"),
        ("UpdateService", {"cluster": missing, "service": ACTIVE}, "ClusterNotFoundException"),
        ("UpdateService", {"cluster": CLUSTER, "service": ACTIVE, "taskDefinition": "nope:9"},
         "ClientException"),
        ("UpdateService", {"cluster": CLUSTER, "service": ACTIVE, "deploymentConfiguration": {
            "minimumHealthyPercent": 100, "maximumPercent": 50}}, "InvalidParameterException"),
        ("DescribeTaskDefinition", {"taskDefinition": "nope"}, "ClientException"),
        ("DescribeTaskDefinition", {"taskDefinition": "errs:99"}, "ClientException"),
        ("RegisterTaskDefinition", dict(td, containerDefinitions=[]),
         "InvalidParameterException"),
        ("RegisterTaskDefinition", dict(td, family="bad family"), "ClientException"),
        ("ListTaskDefinitions", {"sort": "SIDEWAYS"}, "InvalidParameterException"),
        ("ListServiceDeployments", {"cluster": CLUSTER, "service": "ghost"},
         "ServiceNotFoundException"),
        ("ListServiceDeployments", {"cluster": missing, "service": ACTIVE},
         "ClusterNotFoundException"),
        ("DescribeServiceDeployments", {"serviceDeploymentArns": [sd_arn] * 21},
         "InvalidParameterException"),
        ("DescribeServiceRevisions", {"serviceRevisionArns": []}, "InvalidParameterException"),
        ("StopServiceDeployment", {"serviceDeploymentArn": sd_arn},
         "ServiceDeploymentNotFoundException"),
        ("TagResource", {"resourceArn": f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:cluster/{CLUSTER}",
                         "tags": [{"key": "aws:reserved", "value": "x"}]},
         "InvalidParameterException"),
        ("TagResource", {"resourceArn": f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:cluster/{CLUSTER}",
                         "tags": [{"key": f"k{i}", "value": "v"} for i in range(51)]},
         "InvalidParameterException"),
    ]


def ecr_rows():
    return [
        ("CreateRepository", {"repositoryName": IMMUTABLE_REPO},
         "RepositoryAlreadyExistsException"),
        ("CreateRepository", {"repositoryName": "Upper/Case"}, "InvalidParameterException"),
        ("DescribeRepositories", {"repositoryNames": ["ghost"]}, "RepositoryNotFoundException"),
        ("DescribeRepositories", {"registryId": "12"}, "InvalidParameterException"),
        ("PutImage", {"repositoryName": "ghost", "imageManifest": MANIFEST, "imageTag": "v"},
         "RepositoryNotFoundException"),
        ("PutImage", {"repositoryName": IMMUTABLE_REPO, "imageManifest": MANIFEST,
                      "imageTag": "v1"}, "ImageTagAlreadyExistsException"),
        ("PutImage", {"repositoryName": IMMUTABLE_REPO, "imageManifest": MANIFEST,
                      "imageTag": "v9", "imageDigest": "sha256:" + "0" * 64},
         "ImageDigestDoesNotMatchException"),
        ("DescribeImages", {"repositoryName": "ghost"}, "RepositoryNotFoundException"),
        ("DescribeImages", {"repositoryName": IMMUTABLE_REPO, "imageIds": [{"imageTag": "v1"}],
                            "maxResults": 5}, "InvalidParameterException"),
        ("DescribeImages", {"repositoryName": IMMUTABLE_REPO, "imageIds": [{"imageTag": "no"}]},
         "ImageNotFoundException"),
        ("BatchGetImage", {"repositoryName": "ghost", "imageIds": [{"imageTag": "v1"}]},
         "RepositoryNotFoundException"),
        ("BatchGetImage", {"repositoryName": IMMUTABLE_REPO, "imageIds": []},
         "InvalidParameterException"),
    ]


def logs_rows():
    return [
        ("CreateLogGroup", {"logGroupName": "/errs/group"}, "ResourceAlreadyExistsException"),
        ("CreateLogGroup", {"logGroupName": ""}, "InvalidParameterException"),
        ("CreateLogStream", {"logGroupName": "/errs/ghost", "logStreamName": "s"},
         "ResourceNotFoundException"),
        ("CreateLogStream", {"logGroupName": "/errs/group", "logStreamName": "a:b"},
         "InvalidParameterException"),
        ("PutLogEvents", {"logGroupName": "/errs/group", "logStreamName": "ghost",
                          "logEvents": [{"timestamp": 1, "message": "m"}]},
         "ResourceNotFoundException"),
        ("PutLogEvents", {"logGroupName": "/errs/group", "logStreamName": "s",
                          "logEvents": []}, "InvalidParameterException"),
        ("GetLogEvents", {"logGroupName": "/errs/group", "logStreamName": "ghost"},
         "ResourceNotFoundException"),
        ("GetLogEvents", {"logGroupName": "/errs/group", "logStreamName": "s",
                          "logGroupIdentifier": "/errs/group"}, "InvalidParameterException"),
        ("GetLogEvents", {"logGroupName": "/errs/group", "logStreamName": "s", "limit": 10001},
         "InvalidParameterException"),
        ("DescribeLogStreams", {"logGroupName": "/errs/ghost"}, "ResourceNotFoundException"),
    ]


def sts_rows():
    other = f"arn:aws:iam::{cs.ACCOUNT}:role/not-in-the-account"
    return [
        ("AssumeRole", {"RoleArn": other, "RoleSessionName": "session"}, "AccessDenied"),
        ("AssumeRole", {"RoleArn": ROLE_ARN, "RoleSessionName": "session", "DurationSeconds": 899},
         "ValidationError"),
        ("AssumeRole", {"RoleArn": ROLE_ARN, "RoleSessionName": "session", "DurationSeconds": 7200},
         "ValidationError"),  # the role's maximum session is 3600 s
        ("AssumeRole", {"RoleArn": ROLE_ARN, "RoleSessionName": "bad name!"}, "ValidationError"),
        ("AssumeRoleWithWebIdentity", {"RoleArn": TOKEN_ROLE, "RoleSessionName": "session",
                                       "WebIdentityToken": "tok-9999"}, "InvalidIdentityToken"),
        ("AssumeRoleWithWebIdentity", {"RoleArn": TOKEN_ROLE, "RoleSessionName": "session",
                                       "WebIdentityToken": "abc"}, "ValidationError"),
    ]


def autoscaling_rows():
    target = {"ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount",
              "ResourceId": f"service/{CLUSTER}/{ACTIVE}"}
    return [
        ("RegisterScalableTarget", target, "ValidationException"),  # new: needs Min and Max
        ("RegisterScalableTarget", dict(target, MinCapacity=5, MaxCapacity=2),
         "ValidationException"),
        ("DescribeScalableTargets", {"ServiceNamespace": "ecs", "ResourceIds": ["x"] * 51},
         "ValidationException"),
        ("DescribeScalableTargets", {"ServiceNamespace": "ecs", "NextToken": "bogus"},
         "InvalidNextTokenException"),
    ]


def snake(operation):
    return "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")


class ErrorCodeChecks(cs.BackendTestCase):
    SPEED = 0

    @classmethod
    def scenario(cls):
        return scenario()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unchecked = {name: cls.server.client(name, parameter_validation=False)
                         for name in ("ecs", "ecr", "logs", "sts", "application-autoscaling")}
        cls.unchecked["logs"].create_log_stream(logGroupName="/errs/group", logStreamName="s")

    def check_rows(self, service, rows):
        model = self.unchecked[service].meta.service_model
        for operation, params, code in rows:
            with self.subTest(operation=operation, params=json.dumps(params)[:120]):
                # A modeled error's wire code may differ from its shape name (STS:
                # InvalidIdentityTokenException is sent as InvalidIdentityToken).
                modeled = {code for e in model.operation_model(operation).error_shapes
                           for code in (e.name, e.metadata.get("error", {}).get("code"))}
                self.assertIn(code, modeled | COMMON,
                              f"{code} is neither modeled for {operation} nor common")
                fn = getattr(self.unchecked[service], snake(operation))
                self.assertClientError(code, fn, **params)

    def test_ecs(self):
        self.check_rows("ecs", ecs_rows())

    def test_ecr(self):
        self.check_rows("ecr", ecr_rows())

    def test_logs(self):
        self.check_rows("logs", logs_rows())

    def test_sts(self):
        self.check_rows("sts", sts_rows())

    def test_application_autoscaling(self):
        self.check_rows("application-autoscaling", autoscaling_rows())

    def test_describe_calls_report_missing_things_as_failures(self):
        """Not errors (digest §2): unknown clusters, services, tasks, service deployments and
        revisions come back in failures[] with reason MISSING."""
        ecs = self.unchecked["ecs"]
        prefix = f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}"
        cases = [
            (ecs.describe_clusters, {"clusters": ["ghost"]}),
            (ecs.describe_services, {"cluster": CLUSTER, "services": ["ghost"]}),
            (ecs.describe_tasks, {"cluster": CLUSTER, "tasks": ["0" * 32]}),
            (ecs.describe_service_deployments, {"serviceDeploymentArns": [
                f"{prefix}:service-deployment/{CLUSTER}/{ACTIVE}/nope"]}),
            (ecs.describe_service_revisions, {"serviceRevisionArns": [
                f"{prefix}:service-revision/{CLUSTER}/{ACTIVE}/nope"]}),
        ]
        for fn, params in cases:
            with self.subTest(operation=fn.__name__):
                out = fn(**params)
                self.assertEqual(["MISSING"], [f["reason"] for f in out["failures"]])

    def test_the_aws_cli_reports_the_code(self):
        result = self.server.run_cli("ecs", "update-service", "--cluster", CLUSTER,
                                     "--service", DRAINING, "--desired-count", "1")
        self.assertNotEqual(0, result.returncode)
        self.assertIn("ServiceNotActiveException", result.stderr)
        result = self.server.run_cli("ecr", "create-repository", "--repository-name",
                                     IMMUTABLE_REPO)
        self.assertIn("RepositoryAlreadyExistsException", result.stderr)


cs.per_backend(ErrorCodeChecks, globals(), backends=("emulator",))

if __name__ == "__main__":
    cs.main()
