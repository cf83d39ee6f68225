"""ECR DescribeImages errors, the Logs GetLogEvents token rule, STS identity calls."""

import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import ROLE_ARN  # noqa: E402
from shape_checker import RawResponseRecorder, check, conformance_problems  # noqa: E402

MANIFEST = json.dumps({
    "schemaVersion": 2,
    "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
               "digest": "sha256:" + "b" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": 32654, "digest": "sha256:" + "c" * 64}],
})
# A syntactically valid JWT (header.payload.signature); STS in these servers does not
# verify the signature against an issuer.
WEB_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9hcHA6cmVmOnJlZnMvaGVhZHMvbWFpbiIsImF1ZCI6InN0cy5hbWF6b25hd3MuY29tIn0.c2ln"


def parsed_problems(client, operation, parsed):
    """Shape problems of a parsed (query-protocol) response, timestamps already decoded."""
    body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    shape = client.meta.service_model.operation_model(operation).output_shape
    return check(body, shape, operation, timestamps="any")


class EcrChecks(cs.BackendTestCase):

    def setUp(self):
        super().setUp()
        self.recorder = RawResponseRecorder(self.ecr)

    def push(self, repo, tag):
        self.ecr.put_image(repositoryName=repo, imageManifest=MANIFEST, imageTag=tag)
        self.assertEqual([], conformance_problems(self.ecr, self.recorder, "PutImage"))

    def test_describe_images_by_tag_and_digest(self):
        repo = self.unique("web")
        self.ecr.create_repository(repositoryName=repo)
        self.assertEqual([], conformance_problems(self.ecr, self.recorder, "CreateRepository"))
        self.push(repo, "v1")
        out = self.ecr.describe_images(repositoryName=repo, imageIds=[{"imageTag": "v1"}])
        self.assertEqual([], conformance_problems(self.ecr, self.recorder, "DescribeImages"))
        detail = out["imageDetails"][0]
        self.assertEqual(["v1"], detail["imageTags"])
        digest = detail["imageDigest"]
        self.assertRegex(digest, r"^sha256:[0-9a-f]{64}$")
        by_digest = self.ecr.describe_images(repositoryName=repo,
                                             imageIds=[{"imageDigest": digest}])
        self.assertEqual(digest, by_digest["imageDetails"][0]["imageDigest"])
        with self.moto_differs("moto digests a re-serialized manifest, not the bytes sent"):
            self.assertEqual("sha256:" + hashlib.sha256(MANIFEST.encode()).hexdigest(), digest)

    def test_missing_tag_is_image_not_found(self):
        repo = self.unique("web")
        self.ecr.create_repository(repositoryName=repo)
        self.push(repo, "v1")
        self.assertClientError("ImageNotFoundException", self.ecr.describe_images,
                               repositoryName=repo, imageIds=[{"imageTag": "v2"}])

    def test_missing_repository_is_repository_not_found(self):
        self.assertClientError("RepositoryNotFoundException", self.ecr.describe_images,
                               repositoryName=self.unique("nothere"),
                               imageIds=[{"imageTag": "v1"}])

    def test_batch_get_image_reports_missing_tags_as_failures(self):
        repo = self.unique("web")
        self.ecr.create_repository(repositoryName=repo)
        self.push(repo, "v1")
        out = self.ecr.batch_get_image(repositoryName=repo,
                                       imageIds=[{"imageTag": "v1"}, {"imageTag": "gone"}])
        self.assertEqual([], conformance_problems(self.ecr, self.recorder, "BatchGetImage"))
        self.assertEqual(["v1"], [i["imageId"]["imageTag"] for i in out["images"]])
        self.assertEqual(["ImageNotFound"], [f["failureCode"] for f in out["failures"]])


class LogsChecks(cs.BackendTestCase):

    def setUp(self):
        super().setUp()
        self.recorder = RawResponseRecorder(self.logs)
        self.group = self.unique("/ecs/conformance")
        self.stream = "web/app/0123456789abcdef"
        self.logs.create_log_group(logGroupName=self.group)
        self.logs.create_log_stream(logGroupName=self.group, logStreamName=self.stream)
        now = int(time.time() * 1000)
        self.messages = [f"line {i}" for i in range(5)]
        self.logs.put_log_events(
            logGroupName=self.group, logStreamName=self.stream,
            logEvents=[{"timestamp": now + i, "message": m} for i, m in enumerate(self.messages)])
        self.assertEqual([], conformance_problems(self.logs, self.recorder, "PutLogEvents"))

    def page(self, **kwargs):
        out = self.logs.get_log_events(logGroupName=self.group, logStreamName=self.stream,
                                       **kwargs)
        self.assertEqual([], conformance_problems(self.logs, self.recorder, "GetLogEvents"))
        return out

    def test_forward_paging_ends_when_the_token_comes_back_unchanged(self):
        seen, token = [], None
        for _ in range(20):
            kwargs = {"startFromHead": True, "limit": 2}
            if token:
                kwargs["nextToken"] = token
            out = self.page(**kwargs)
            self.assertLessEqual(len(out["events"]), 2)
            seen += [e["message"] for e in out["events"]]
            if out["nextForwardToken"] == token:
                break
            token = out["nextForwardToken"]
        else:
            self.fail("the forward token never repeated: a client would page forever")
        self.assertEqual(self.messages, seen)

    def test_backward_paging_from_the_end(self):
        out = self.page(limit=2)
        self.assertEqual(self.messages[-2:], [e["message"] for e in out["events"]])
        earlier = self.page(limit=2, nextToken=out["nextBackwardToken"])
        self.assertEqual(self.messages[1:3], [e["message"] for e in earlier["events"]])

    def test_events_carry_millisecond_timestamps(self):
        out = self.page(startFromHead=True)
        for event in out["events"]:
            self.assertGreater(event["timestamp"], 10**12)
            self.assertGreater(event["ingestionTime"], 10**12)

    def test_missing_stream_is_resource_not_found(self):
        self.assertClientError("ResourceNotFoundException", self.logs.get_log_events,
                               logGroupName=self.group, logStreamName="nope/nope/nope")
        self.assertClientError("ResourceNotFoundException", self.logs.get_log_events,
                               logGroupName=self.unique("/nogroup"), logStreamName="x")


class StsChecks(cs.BackendTestCase):

    def test_get_caller_identity(self):
        out = self.sts.get_caller_identity()
        self.assertEqual([], parsed_problems(self.sts, "GetCallerIdentity", out))
        self.assertEqual(cs.ACCOUNT, out["Account"])
        self.assertRegex(out["Arn"], rf"^arn:aws:(iam|sts)::{cs.ACCOUNT}:")
        self.assertTrue(out["UserId"])

    def test_assume_role_with_web_identity_returns_usable_credentials(self):
        out = self.sts.assume_role_with_web_identity(
            RoleArn=ROLE_ARN, RoleSessionName="gha-run-42", WebIdentityToken=WEB_TOKEN,
            DurationSeconds=900)
        self.assertEqual([], parsed_problems(self.sts, "AssumeRoleWithWebIdentity", out))
        creds = out["Credentials"]
        self.assertTrue(creds["SessionToken"])
        self.assertGreater(creds["Expiration"].timestamp(), time.time() - 60)
        self.assertEqual(f"arn:aws:sts::{cs.ACCOUNT}:assumed-role/conformance-deployer/gha-run-42",
                         out["AssumedRoleUser"]["Arn"])
        session = self.server.session(creds["AccessKeyId"], creds["SecretAccessKey"],
                                      creds["SessionToken"])
        who = self.server.client("sts", session=session).get_caller_identity()
        self.assertEqual(out["AssumedRoleUser"]["Arn"], who["Arn"])
        # The temporary credentials also sign ECS calls.
        self.server.client("ecs", session=session).list_clusters()


for mixin in (EcrChecks, LogsChecks, StsChecks):
    cs.per_backend(mixin, globals())

if __name__ == "__main__":
    cs.main()
