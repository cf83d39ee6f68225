"""The wire shape checker must catch what botocore's lenient parser lets through."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402,F401  (isolates the AWS environment)
from shape_checker import check, output_shape  # noqa: E402

SERVICE = {
    "serviceArn": "arn:aws:ecs:us-east-1:123456789012:service/c/s",
    "serviceName": "s",
    "status": "ACTIVE",
    "desiredCount": 2,
    "runningCount": 2,
    "createdAt": 1.69598486678E9,
    "deployments": [{"id": "ecs-svc/123", "status": "PRIMARY", "rolloutState": "COMPLETED",
                     "createdAt": 1700000000, "failedTasks": 0}],
    "events": [{"id": "e", "createdAt": 1700000000.5, "message": "steady"}],
}


def describe_services(**service_overrides):
    svc = dict(SERVICE, **service_overrides)
    return {"services": [svc], "failures": [{"arn": "arn:x", "reason": "MISSING"}]}


class ShapeCheckerTest(unittest.TestCase):
    shape = output_shape("ecs", "DescribeServices")

    def test_a_conforming_body_has_no_problems(self):
        self.assertEqual([], check(describe_services(), self.shape))

    def test_string_where_an_integer_is_modeled(self):
        problems = check(describe_services(desiredCount="2"), self.shape)
        self.assertEqual(1, len(problems))
        self.assertIn("services[0].desiredCount: expected integer", problems[0])

    def test_boolean_is_not_an_integer(self):
        self.assertEqual(1, len(check(describe_services(runningCount=True), self.shape)))

    def test_timestamp_must_be_epoch_number(self):
        problems = check(describe_services(createdAt="2024-01-01T00:00:00Z"), self.shape)
        self.assertEqual(1, len(problems))
        self.assertIn("epoch", problems[0])

    def test_unknown_member_and_null(self):
        problems = check(describe_services(serviceARN="x", taskDefinition=None), self.shape)
        self.assertEqual(2, len(problems))
        self.assertTrue(any("unknown member 'serviceARN'" in p for p in problems))
        self.assertTrue(any("null" in p for p in problems))

    def test_enum_value_outside_the_model(self):
        problems = check(describe_services(deployments=[{"status": "PRIMARY",
                                                         "rolloutState": "DONE"}]), self.shape)
        self.assertEqual(1, len(problems))
        self.assertIn("'DONE'", problems[0])

    def test_required_member_missing_in_nested_structure(self):
        body = {"taskDefinition": {"family": "f", "containerDefinitions": [
            {"name": "app", "secrets": [{"name": "TOKEN"}]}]}}
        problems = check(body, output_shape("ecs", "DescribeTaskDefinition"))
        self.assertEqual(1, len(problems))
        self.assertIn("required member 'valueFrom'", problems[0])

    def test_map_values_are_checked(self):
        body = {"taskDefinition": {"containerDefinitions": [
            {"name": "app", "dockerLabels": {"a": 1}}]}}
        self.assertEqual(1, len(check(body, output_shape("ecs", "DescribeTaskDefinition"))))


if __name__ == "__main__":
    unittest.main(verbosity=2)
