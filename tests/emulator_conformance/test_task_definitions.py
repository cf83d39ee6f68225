"""Task definitions: full-model round trip, read-only members, listing order and paging."""

import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from shape_checker import RawResponseRecorder, conformance_problems, input_shape  # noqa: E402
from task_definition_builder import (IMAGE, differences, full_task_definition,  # noqa: E402
                                     uncovered_members)

# DescribeTaskDefinition returns these; RegisterTaskDefinition must not accept them.
READ_ONLY = {
    "taskDefinitionArn": f"arn:aws:ecs:us-east-1:{cs.ACCOUNT}:task-definition/x:1",
    "revision": 1,
    "status": "ACTIVE",
    "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.ecr-auth"}],
    "compatibilities": ["EC2", "FARGATE"],
    "registeredAt": 1700000000.0,
    "deregisteredAt": 1700000001.0,
    "deleteRequestedAt": 1700000002.0,
    "registeredBy": f"arn:aws:iam::{cs.ACCOUNT}:user/someone",
}


def minimal(family):
    return {"family": family,
            "containerDefinitions": [{"name": "app", "image": IMAGE, "memory": 128}]}


class RequestBuilderTest(unittest.TestCase):
    """The generated request must really use every member of the current model."""

    def test_request_covers_every_model_member(self):
        req = full_task_definition("coverage")
        missing = uncovered_members(input_shape("ecs", "RegisterTaskDefinition"), [req])
        self.assertEqual([], missing)

    def test_differences_detects_a_changed_nested_member(self):
        sent = full_task_definition("diff")
        got = copy.deepcopy(sent)
        got["containerDefinitions"][0]["linuxParameters"]["tmpfs"][0]["size"] += 1
        got["containerDefinitions"][0]["extra"] = "default added by the server"
        self.assertEqual(1, len(differences(sent, got)))


class TaskDefinitionChecks(cs.BackendTestCase):

    def setUp(self):
        super().setUp()
        self.recorder = RawResponseRecorder(self.ecs)

    def assertConforms(self, operation):
        self.assertEqual([], conformance_problems(self.ecs, self.recorder, operation))

    def test_every_member_round_trips_through_register_and_describe(self):
        family = self.unique("full")
        req = full_task_definition(family)
        registered = self.ecs.register_task_definition(**req)
        self.assertConforms("RegisterTaskDefinition")
        self.assertEqual(1, registered["taskDefinition"]["revision"])

        out = self.ecs.describe_task_definition(taskDefinition=f"{family}:1", include=["TAGS"])
        self.assertConforms("DescribeTaskDefinition")
        import json
        raw = json.loads(self.recorder.bodies["DescribeTaskDefinition"])
        self.assertEqual(sorted(req["tags"], key=lambda t: t["key"]),
                         sorted(raw.get("tags", []), key=lambda t: t["key"]))
        td = raw["taskDefinition"]
        self.assertEqual(f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task-definition/{family}:1",
                         td["taskDefinitionArn"])
        self.assertEqual("ACTIVE", td["status"])
        sent = {k: v for k, v in req.items() if k != "tags"}
        with self.moto_differs("moto drops enableFaultInjection and omits registeredAt"):
            self.assertEqual([], differences(sent, td))
            self.assertIsInstance(td.get("registeredAt"), (int, float))

    def test_tags_only_come_back_when_asked_for(self):
        family = self.unique("tags")
        self.ecs.register_task_definition(**minimal(family), tags=[{"key": "a", "value": "b"}])
        out = self.ecs.describe_task_definition(taskDefinition=family)
        self.assertNotIn("tags", out)
        out = self.ecs.describe_task_definition(taskDefinition=family, include=["TAGS"])
        self.assertEqual([{"key": "a", "value": "b"}], out["tags"])

    def test_read_only_members_are_rejected_by_register(self):
        with self.moto_differs("moto accepts and ignores members it does not model"):
            for member, value in READ_ONLY.items():
                body = dict(minimal(self.unique("ro")), **{member: value})
                status, out = cs.raw_call(self.server, "ecs", "RegisterTaskDefinition", body)
                self.assertEqual((400, "InvalidParameterException"), (status, cs.error_code(out)),
                                 f"{member}: {out}")
                self.assertIn(member, out.get("message", out.get("Message", "")))

    def test_describe_by_family_revision_and_arn(self):
        family = self.unique("ref")
        for _ in range(3):
            self.ecs.register_task_definition(**minimal(family))
        arn2 = f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task-definition/{family}:2"
        self.assertEqual(3, self.ecs.describe_task_definition(
            taskDefinition=family)["taskDefinition"]["revision"])
        self.assertEqual(2, self.ecs.describe_task_definition(
            taskDefinition=f"{family}:2")["taskDefinition"]["revision"])
        self.assertEqual(arn2, self.ecs.describe_task_definition(
            taskDefinition=arn2)["taskDefinition"]["taskDefinitionArn"])

    def test_unknown_task_definition_is_a_client_exception(self):
        self.assertClientError("ClientException", self.ecs.describe_task_definition,
                               taskDefinition=self.unique("never-registered") + ":1")
        family = self.unique("known")
        self.ecs.register_task_definition(**minimal(family))
        self.assertClientError("ClientException", self.ecs.describe_task_definition,
                               taskDefinition=f"{family}:9")

    def test_list_sorts_ascending_by_default_and_descending_on_request(self):
        family = self.unique("sort")
        other = family + "-other"
        for _ in range(4):
            self.ecs.register_task_definition(**minimal(family))
        self.ecs.register_task_definition(**minimal(other))
        arns = [f"arn:aws:ecs:{cs.REGION}:{cs.ACCOUNT}:task-definition/{family}:{r}"
                for r in range(1, 5)]
        asc = self.ecs.list_task_definitions(familyPrefix=family)
        self.assertConforms("ListTaskDefinitions")
        self.assertEqual(arns, asc["taskDefinitionArns"])
        desc = self.ecs.list_task_definitions(familyPrefix=family, sort="DESC")
        with self.moto_differs("moto ignores sort=DESC"):
            self.assertEqual(arns[::-1], desc["taskDefinitionArns"])

    def test_list_pages_with_max_results_and_next_token(self):
        family = self.unique("page")
        for _ in range(5):
            self.ecs.register_task_definition(**minimal(family))
        with self.moto_differs("moto ignores maxResults/nextToken on ListTaskDefinitions"):
            self._page_through(family)

    def _page_through(self, family):
        seen, token, pages = [], None, 0
        while True:
            kwargs = {"familyPrefix": family, "maxResults": 2, "sort": "DESC"}
            if token:
                kwargs["nextToken"] = token
            page = self.ecs.list_task_definitions(**kwargs)
            self.assertLessEqual(len(page["taskDefinitionArns"]), 2)
            seen += page["taskDefinitionArns"]
            pages += 1
            token = page.get("nextToken")
            if not token:
                break
            self.assertLess(pages, 10, "paging does not terminate")
        self.assertEqual([5, 4, 3, 2, 1], [int(a.rsplit(":", 1)[1]) for a in seen])
        self.assertEqual(3, pages)

    def test_deregistered_revision_moves_to_inactive_listing(self):
        family = self.unique("dereg")
        for _ in range(3):
            self.ecs.register_task_definition(**minimal(family))
        out = self.ecs.deregister_task_definition(taskDefinition=f"{family}:2")
        self.assertConforms("DeregisterTaskDefinition")
        self.assertEqual("INACTIVE", out["taskDefinition"]["status"])
        active = self.ecs.list_task_definitions(familyPrefix=family)["taskDefinitionArns"]
        inactive = self.ecs.list_task_definitions(familyPrefix=family,
                                                  status="INACTIVE")["taskDefinitionArns"]
        self.assertEqual([1, 3], [int(a.rsplit(":", 1)[1]) for a in active])
        self.assertEqual([2], [int(a.rsplit(":", 1)[1]) for a in inactive])
        # A deregistered revision can still be described (running tasks may use it).
        td = self.ecs.describe_task_definition(taskDefinition=f"{family}:2")["taskDefinition"]
        self.assertEqual("INACTIVE", td["status"])

    def test_bad_family_name_is_a_client_exception(self):
        # AWS (observed): "ClientException: Family contains invalid characters."
        with self.moto_differs("moto does not validate family names"):
            self.assertClientError("ClientException",
                                   self.ecs.register_task_definition, **minimal("bad name!"))


cs.per_backend(TaskDefinitionChecks, globals())

if __name__ == "__main__":
    cs.main()
