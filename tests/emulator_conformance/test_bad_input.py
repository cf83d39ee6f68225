"""Bad input gets the error AWS sends, and the server keeps serving afterwards."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402


class BadInputChecks(cs.BackendTestCase):

    def assertStillServing(self):
        self.assertIn("clusterArns", self.ecs.list_clusters())

    def test_unknown_operation(self):
        status, body = cs.raw_call(self.server, "ecs", "DescribeEverything", {})
        with self.moto_differs("moto answers unknown operations with a 500 HTML page"):
            self.assertEqual((400, "UnknownOperationException"), (status, cs.error_code(body)),
                             body)
        self.assertStillServing()

    def test_malformed_json(self):
        status, body = cs.raw_call(self.server, "ecs", "DescribeClusters", b'{"clusters": [')
        with self.moto_differs("moto answers a malformed JSON body with 200"):
            self.assertEqual((400, "SerializationException"), (status, cs.error_code(body)), body)
        self.assertStillServing()

    def test_wrong_member_type(self):
        status, body = cs.raw_call(self.server, "ecs", "DescribeClusters", {"clusters": "abc"})
        with self.moto_differs("moto does not type-check members"):
            self.assertEqual(400, status, body)
            self.assertIn(cs.error_code(body), ("SerializationException",
                                                "InvalidParameterException"), body)
        self.assertStillServing()

    def test_task_definition_over_64_kib(self):
        env = [{"name": f"VAR_{i}", "value": "x" * 200} for i in range(400)]
        body = {"family": self.unique("huge"),
                "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128,
                                          "environment": env}]}
        self.assertGreater(len(json.dumps(body)), 65536)
        status, out = cs.raw_call(self.server, "ecs", "RegisterTaskDefinition", body)
        with self.moto_differs("moto has no task definition size limit"):
            self.assertEqual(400, status, out)
            # AWS answers ClientException ("Actual length ... Max allowed length is 65536").
            self.assertIn(cs.error_code(out), ("ClientException", "InvalidParameterException"))
        self.assertStillServing()

    def test_oversized_body_and_wrong_content_type_keep_state(self):
        cluster = self.unique("keep")
        self.ecs.create_cluster(clusterName=cluster)
        big = b'{"clusters": ["' + b"x" * (12 * 1024 * 1024) + b'"]}'
        status, body = cs.raw_call(self.server, "ecs", "DescribeClusters", big)
        with self.moto_differs("moto accepts any body size"):
            self.assertTrue(400 <= status < 500, f"{status} {str(body)[:200]}")
        status, body = cs.raw_call(self.server, "ecs", "DescribeClusters", {"clusters": [cluster]},
                                   headers={"Content-Type": "text/plain"})
        self.assertLess(status, 500, str(body)[:200])
        out = self.ecs.describe_clusters(clusters=[cluster])
        self.assertEqual([cluster], [c["clusterName"] for c in out["clusters"]])

    def test_concurrent_clients_all_get_answers(self):
        import concurrent.futures
        cluster = self.unique("busy")
        self.ecs.create_cluster(clusterName=cluster)

        def work(i):
            client = self.server.client("ecs")
            if i % 3 == 0:
                client.register_task_definition(family=f"{cluster}-td", containerDefinitions=[
                    {"name": "app", "image": "nginx", "memory": 128}])
            elif i % 3 == 1:
                client.describe_clusters(clusters=[cluster])
            else:
                client.list_task_definitions(familyPrefix=f"{cluster}-td")
            return True

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            self.assertTrue(all(pool.map(work, range(48))))
        arns = self.ecs.list_task_definitions(familyPrefix=f"{cluster}-td")["taskDefinitionArns"]
        self.assertEqual(list(range(1, 17)), sorted(int(a.rsplit(":", 1)[1]) for a in arns))

    def test_errors_are_json_with_type_and_message(self):
        status, body = cs.raw_call(self.server, "ecs", "DescribeServices",
                                   {"cluster": self.unique("nocluster"), "services": ["x"]})
        self.assertEqual(400, status)
        self.assertIsInstance(body, dict)
        self.assertEqual("ClusterNotFoundException", cs.error_code(body))
        self.assertTrue(body.get("message") or body.get("Message"))


cs.per_backend(BadInputChecks, globals())

if __name__ == "__main__":
    cs.main()
