"""A member of the wrong JSON type, at any depth of any operation the emulator serves, is
refused with 400 SerializationException (as AWS's JSON front end does), never a 500 and never
stored: for each operation a valid request is sent with one member replaced by a value of
another type, for every member path of botocore's input shape down to five levels.
"""

import copy
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.session  # noqa: E402

import raw_requests  # noqa: E402
from scenarios import ACCOUNT, base_scenario  # noqa: E402
from servers import REGION, EmulatorServer  # noqa: E402

TASK_DEFINITION = {
    "family": "td", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
    "containerDefinitions": [{
        "name": "app", "image": "nginx", "essential": True,
        "portMappings": [{"containerPort": 80}],
        "environment": [{"name": "A", "value": "b"}],
        "logConfiguration": {"logDriver": "awslogs",
                             "options": {"awslogs-group": "/g", "awslogs-stream-prefix": "p"}},
        "healthCheck": {"command": ["CMD", "true"]},
        "secrets": [{"name": "S", "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:x"}],
    }],
}
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-1"], "securityGroups": ["sg-1"],
                                   "assignPublicIp": "ENABLED"}}
DEPLOYMENT = {"minimumHealthyPercent": 50, "maximumPercent": 200,
              "deploymentCircuitBreaker": {"enable": True, "rollback": True}}
SERVICE_ARN = f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/c/s"

# One valid request per operation; the walk below breaks one member at a time.
VALID = {
    "ecs": {
        "CreateService": {"cluster": "c", "serviceName": "n", "taskDefinition": "td",
                          "desiredCount": 1, "networkConfiguration": NETWORK,
                          "deploymentConfiguration": DEPLOYMENT,
                          "tags": [{"key": "a", "value": "b"}],
                          "deploymentController": {"type": "ECS"}},
        "UpdateService": {"cluster": "c", "service": "s", "taskDefinition": "td",
                          "desiredCount": 1, "networkConfiguration": NETWORK,
                          "deploymentConfiguration": DEPLOYMENT, "forceNewDeployment": True},
        "RegisterTaskDefinition": TASK_DEFINITION,
        "DescribeServices": {"cluster": "c", "services": ["s"], "include": ["TAGS"]},
        "DescribeClusters": {"clusters": ["c"], "include": ["TAGS"]},
        "CreateCluster": {"clusterName": "x", "tags": [{"key": "a", "value": "b"}],
                          "settings": [{"name": "containerInsights", "value": "enabled"}]},
        "ListTasks": {"cluster": "c", "serviceName": "s", "desiredStatus": "RUNNING",
                      "maxResults": 10},
        "ListServices": {"cluster": "c", "maxResults": 10},
        "ListServiceDeployments": {"cluster": "c", "service": "s", "status": ["SUCCESSFUL"],
                                   "createdAt": {"before": 1, "after": 0}},
        "DescribeTaskDefinition": {"taskDefinition": "td", "include": ["TAGS"]},
        "ListTaskDefinitions": {"familyPrefix": "td", "status": "ACTIVE", "sort": "ASC",
                                "maxResults": 5},
        "TagResource": {"resourceArn": SERVICE_ARN, "tags": [{"key": "a", "value": "b"}]},
        "UntagResource": {"resourceArn": SERVICE_ARN, "tagKeys": ["a"]},
        "ListTagsForResource": {"resourceArn": SERVICE_ARN},
        "DescribeTasks": {"cluster": "c", "tasks": ["t"], "include": ["TAGS"]},
        "StopTask": {"cluster": "c", "task": "t", "reason": "r"},
        "DeregisterTaskDefinition": {"taskDefinition": "td:1"},
    },
    "ecr": {
        "DescribeImages": {"repositoryName": "repo", "imageIds": [{"imageTag": "v1"}],
                           "filter": {"tagStatus": "TAGGED"}},
        "BatchGetImage": {"repositoryName": "repo", "imageIds": [{"imageTag": "v1"}],
                          "acceptedMediaTypes": ["application/vnd.oci.image.manifest.v1+json"]},
        "DescribeRepositories": {"repositoryNames": ["repo"]},
        "CreateRepository": {"repositoryName": "repo2", "imageTagMutability": "MUTABLE",
                             "tags": [{"Key": "a", "Value": "b"}],
                             "imageScanningConfiguration": {"scanOnPush": True}},
        "PutImage": {"repositoryName": "repo", "imageManifest": "{}", "imageTag": "v9"},
    },
    "logs": {
        "GetLogEvents": {"logGroupName": "/g", "logStreamName": "st", "startFromHead": True,
                         "limit": 5},
        "PutLogEvents": {"logGroupName": "/g", "logStreamName": "st",
                         "logEvents": [{"timestamp": 1, "message": "m"}]},
        "DescribeLogStreams": {"logGroupName": "/g", "orderBy": "LogStreamName",
                               "descending": True, "limit": 5},
        "CreateLogStream": {"logGroupName": "/g", "logStreamName": "st2"},
        "CreateLogGroup": {"logGroupName": "/h", "tags": {"a": "b"}},
    },
}

# Values of another type for each botocore type.
WRONG = {"string": [12345, {"a": 1}], "integer": ["12", 1.5], "long": ["12"],
         "boolean": ["yes", 1], "list": ["abc", {"a": 1}], "structure": ["abc", [1]],
         "map": [["a"], "x"], "double": ["x"], "float": ["x"], "timestamp": [["x"]],
         "blob": [5]}
MAX_DEPTH = 5


def wrong_paths(shape, depth=0):
    """(path, wrong value) for every member under `shape`; list elements are index 0."""
    if depth >= MAX_DEPTH:
        return
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            for value in WRONG[member.type_name]:
                yield [name], value
            for path, value in wrong_paths(member, depth + 1):
                yield [name] + path, value
    elif shape.type_name == "list":
        for value in WRONG[shape.member.type_name]:
            yield [0], value
        for path, value in wrong_paths(shape.member, depth + 1):
            yield [0] + path, value
    elif shape.type_name == "map":
        for value in WRONG[shape.value.type_name]:
            yield ["key"], value


def with_value(doc, path, value):
    """A copy of doc with `value` at `path`, creating the containers on the way."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    empty = [] if rest and rest[0] == 0 else {}
    if head == 0:
        items = copy.deepcopy(doc) if isinstance(doc, list) and doc else [empty]
        items[0] = with_value(items[0], rest, value)
        return items
    out = copy.deepcopy(doc) if isinstance(doc, dict) else {}
    out[head] = with_value(out.get(head, empty), rest, value)
    return out


def scenario():
    s = base_scenario()
    s["clusters"] = [{"name": "c"}]
    s["logGroups"] = ["/g"]
    s["repositories"] = [{"name": "repo", "images": [{"tags": ["v1"]}]}]
    s["taskDefinitions"] = [TASK_DEFINITION]
    s["services"] = [{"name": "s", "cluster": "c", "taskDefinition": "td", "desiredCount": 1,
                      "networkConfiguration": NETWORK}]
    return s


class WrongMemberTypes(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = EmulatorServer(scenario(), speed=0).start()
        cls.models = botocore.session.get_session()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def call(self, service, operation, body):
        return raw_requests.raw_call(self.server, service, operation, body)

    def test_valid_requests_are_not_serialization_errors(self):
        # Otherwise the walk below would prove nothing.
        for service, operations in VALID.items():
            for operation, body in operations.items():
                status, out = self.call(service, operation, body)
                self.assertNotEqual("SerializationException", raw_requests.error_code(out),
                                    f"{service}.{operation}: {out}")
                self.assertLess(status, 500, f"{service}.{operation}: {out}")

    def test_the_reported_cases(self):
        bad_subnets = with_value(VALID["ecs"]["CreateService"],
                                 ["networkConfiguration", "awsvpcConfiguration", "subnets"],
                                 "subnet-1")
        status, out = self.call("ecs", "CreateService", bad_subnets)
        self.assertEqual((400, "SerializationException"), (status, raw_requests.error_code(out)))
        self.assertIn("networkConfiguration.awsvpcConfiguration.subnets", out["message"])
        status, out = self.call("ecs", "UpdateService",
                                {"cluster": "c", "service": "s", "desiredCount": "2"})
        self.assertEqual((400, "SerializationException"), (status, raw_requests.error_code(out)))
        # A member stored verbatim is refused too, and nothing was registered.
        status, out = self.call("ecs", "RegisterTaskDefinition",
                                dict(TASK_DEFINITION, family="typed", networkMode=12))
        self.assertEqual((400, "SerializationException"), (status, raw_requests.error_code(out)))
        status, out = self.call("ecs", "DescribeTaskDefinition", {"taskDefinition": "typed"})
        self.assertEqual("ClientException", raw_requests.error_code(out), out)

    def test_every_wrong_typed_member_is_a_serialization_exception(self):
        problems = []
        sent = 0
        for service, operations in VALID.items():
            model = self.models.get_service_model(service)
            for operation, valid in operations.items():
                shape = model.operation_model(operation).input_shape
                for path, value in wrong_paths(shape):
                    sent += 1
                    status, out = self.call(service, operation, with_value(valid, path, value))
                    code = raw_requests.error_code(out)
                    if (status, code) != (400, "SerializationException"):
                        where = ".".join(map(str, path))
                        problems.append(f"{service}.{operation} {where}={json.dumps(value)}: "
                                        f"{status} {code}")
        self.assertGreater(sent, 1000)
        self.assertEqual([], problems[:40], f"{len(problems)} of {sent} wrong-typed members")


if __name__ == "__main__":
    unittest.main(verbosity=2)
