"""Emulator only (moto accepts any signature and never throttles): SigV4 rejections as AWS
sends them, and injected faults that botocore must see and retry."""

import datetime
import os
import sys

import botocore.exceptions

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import ROLE_ARN  # noqa: E402
from test_ecr_logs_sts import WEB_TOKEN  # noqa: E402


class AuthChecks(cs.BackendTestCase):

    def call_error(self, client_call):
        try:
            client_call()
        except botocore.exceptions.ClientError as e:
            return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]
        self.fail("the call succeeded")

    def test_wrong_secret_is_invalid_signature(self):
        ecs = self.server.client("ecs", session=self.server.session(secret_key="wrong-secret"))
        self.assertEqual((403, "InvalidSignatureException"),
                         self.call_error(ecs.list_clusters))

    def test_unknown_access_key_is_unrecognized_client(self):
        session = self.server.session(access_key="AKIAUNKNOWNKEY000000")
        ecs = self.server.client("ecs", session=session)
        self.assertEqual((403, "UnrecognizedClientException"), self.call_error(ecs.list_clusters))

    def test_expired_request_date(self):
        stale = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - \
            datetime.timedelta(minutes=20)
        status, body = cs.raw_call(self.server, "ecs", "ListClusters", {}, signed_at=stale)
        # AWS JSON services: 403 InvalidSignatureException "Signature expired: ... is now
        # earlier than ..." (RequestExpired is the query-protocol spelling).
        self.assertEqual(403, status, body)
        self.assertIn(cs.error_code(body), ("InvalidSignatureException", "RequestExpired"))

    def test_unsigned_request_is_rejected(self):
        status, body = cs.raw_call(self.server, "ecs", "ListClusters", {}, sign=False)
        # aws ecs list-clusters --no-sign-request: MissingAuthenticationTokenException.
        self.assertIn(status, (400, 403), body)
        self.assertIn(cs.error_code(body), ("MissingAuthenticationTokenException",
                                            "IncompleteSignatureException"))

    def test_temporary_credentials_need_their_session_token(self):
        out = self.sts.assume_role_with_web_identity(
            RoleArn=ROLE_ARN, RoleSessionName="no-token", WebIdentityToken=WEB_TOKEN)
        creds = out["Credentials"]
        without = self.server.session(creds["AccessKeyId"], creds["SecretAccessKey"])
        ecs = self.server.client("ecs", session=without)
        self.assertEqual(403, self.call_error(ecs.list_clusters)[0])
        self.assertIn(self.call_error(ecs.list_clusters)[1],
                      ("UnrecognizedClientException", "InvalidSignatureException"))
        wrong = self.server.session(creds["AccessKeyId"], creds["SecretAccessKey"], "bogus")
        self.assertEqual((403, "UnrecognizedClientException"),
                         self.call_error(self.server.client("ecs", session=wrong).list_clusters))

    def test_sts_signature_errors_are_query_protocol_xml(self):
        sts = self.server.client("sts", session=self.server.session(secret_key="wrong-secret"))
        self.assertEqual((403, "SignatureDoesNotMatch"), self.call_error(sts.get_caller_identity))
        sts = self.server.client("sts", session=self.server.session(
            access_key="AKIAUNKNOWNKEY000000"))
        self.assertEqual((403, "InvalidClientTokenId"), self.call_error(sts.get_caller_identity))

    def test_secret_never_appears_in_error_messages(self):
        ecs = self.server.client("ecs", session=self.server.session(secret_key="wrong-secret"))
        try:
            ecs.list_clusters()
        except botocore.exceptions.ClientError as e:
            self.assertNotIn("wrong-secret", str(e.response))
            self.assertNotIn(self.server.secret_key, str(e.response))


class FaultChecks(cs.BackendTestCase):

    def setUp(self):
        super().setUp()
        self.cluster = self.unique("cl")
        self.ecs.create_cluster(clusterName=self.cluster)
        self.server.clear_faults()

    def tearDown(self):
        self.server.clear_faults()
        super().tearDown()

    def attempts(self, operation):
        return [r for r in self.server.request_log() if r["operation"] == operation]

    def test_throttling_is_seen_by_botocore_and_retried(self):
        before = len(self.attempts("DescribeClusters"))
        self.server.inject_fault("DescribeClusters", "throttle", count=2)
        ecs = self.server.client("ecs", max_attempts=3)
        out = ecs.describe_clusters(clusters=[self.cluster])
        self.assertEqual(2, out["ResponseMetadata"]["RetryAttempts"])
        log = self.attempts("DescribeClusters")[before:]
        self.assertEqual([400, 400, 200], [r["status"] for r in log])

    def test_throttling_without_retries_surfaces_the_code(self):
        self.server.inject_fault("DescribeClusters", "throttle", count=1)
        try:
            self.ecs.describe_clusters(clusters=[self.cluster])
        except botocore.exceptions.ClientError as e:
            self.assertEqual("ThrottlingException", e.response["Error"]["Code"])
            self.assertEqual(400, e.response["ResponseMetadata"]["HTTPStatusCode"])
        else:
            self.fail("the injected throttle did not surface")

    def test_server_errors_are_retried(self):
        before = len(self.attempts("ListClusters"))
        self.server.inject_fault("ListClusters", "error", count=1, status=503)
        out = self.server.client("ecs", max_attempts=3).list_clusters()
        self.assertEqual(1, out["ResponseMetadata"]["RetryAttempts"])
        self.assertEqual([503, 200],
                         [r["status"] for r in self.attempts("ListClusters")[before:]])

    def test_request_log_names_the_caller(self):
        self.ecs.list_clusters()
        last = self.attempts("ListClusters")[-1]
        self.assertEqual(200, last["status"])
        self.assertIn(cs.ACCOUNT, str(last.get("caller", "")))


cs.per_backend(AuthChecks, globals(), backends=("emulator",))
cs.per_backend(FaultChecks, globals(), backends=("emulator",))

if __name__ == "__main__":
    cs.main()
