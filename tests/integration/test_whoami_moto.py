"""ecsdeploy whoami against a local moto_server that really verifies SigV4 signatures.

moto accepts the first INITIAL_NO_AUTH_ACTION_COUNT requests unauthenticated (our setup:
an IAM user with an access key and a role for web identity); every request after that must
be signed with a key moto issued. Everything binds and talks to 127.0.0.1 only.

Run alone:  ECSDEPLOY_BUILD_DIR=build python3 tests/integration/test_whoami_moto.py
"""

import json
import os
import sys
import unittest

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))
import moto_server  # noqa: E402
from build_tree import ECSDEPLOY, skip_unless_built  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402

SETUP_ACTIONS = 4  # create_user, put_user_policy, create_access_key, create_role
# moto answers an unsigned request with HTTP 500 once it verifies signatures, so the
# (unsigned, by design) AssumeRoleWithWebIdentity call is let through as one more no-auth
# action; the GetCallerIdentity signed with the temporary credentials is still verified.
WEB_IDENTITY_ACTIONS = SETUP_ACTIONS + 1
REGION = "us-east-1"
ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
TRUST_OIDC = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Federated": "token.actions.githubusercontent.com"},
    "Action": "sts:AssumeRoleWithWebIdentity"}]})


class WhoamiAgainstMoto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        moto_server.skip_unless_installed()
        skip_unless_built(ECSDEPLOY)

    def setUp(self):
        no_auth = WEB_IDENTITY_ACTIONS if self._testMethodName == "test_web_identity" else SETUP_ACTIONS
        moto, self.tmp = moto_server.start_for(
            self, "ecsdeploy-whoami-", env=dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT=str(no_auth)))
        self.endpoint = moto.endpoint
        self.setup_identities()

    def setup_identities(self):
        iam = boto3.client("iam", endpoint_url=self.endpoint, region_name=REGION,
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="deployer")
        iam.put_user_policy(UserName="deployer", PolicyName="all", PolicyDocument=ALLOW_ALL)
        key = iam.create_access_key(UserName="deployer")["AccessKey"]
        self.key_id, self.secret = key["AccessKeyId"], key["SecretAccessKey"]
        role = iam.create_role(RoleName="gha-deploy", AssumeRolePolicyDocument=TRUST_OIDC)
        self.role_arn = role["Role"]["Arn"]
        self.account = role["Role"]["Arn"].split(":")[4]

    def run_whoami(self, extra_env, *args):
        # HOME in the temporary directory: no ~/.aws files.
        env = cli_env(self.endpoint, self.tmp, region=REGION,
                      extra={"NO_PROXY": "127.0.0.1", **extra_env})
        return run_ecsdeploy(["whoami", *args], env, timeout=60)

    def static_env(self, secret=None):
        return {"AWS_ACCESS_KEY_ID": self.key_id,
                "AWS_SECRET_ACCESS_KEY": secret if secret is not None else self.secret}

    def test_text_output(self):
        r = self.run_whoami(self.static_env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("account:      " + self.account, r.stdout)
        self.assertIn("arn:          arn:aws:iam::%s:user/deployer" % self.account, r.stdout)
        self.assertIn("region:       " + REGION, r.stdout)
        self.assertIn("credentials:  env", r.stdout)
        self.assertNotIn(self.secret, r.stdout + r.stderr)

    def test_json_output(self):
        r = self.run_whoami(self.static_env(), "--output", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), 1, r.stdout)
        doc = json.loads(lines[0])
        self.assertEqual(list(doc), ["account", "arn", "user_id", "region", "credential_source"])
        self.assertEqual(doc["account"], self.account)
        self.assertEqual(doc["arn"], "arn:aws:iam::%s:user/deployer" % self.account)
        self.assertEqual(doc["region"], REGION)
        self.assertTrue(doc["credential_source"].startswith("env"))
        self.assertNotIn(self.secret, r.stdout + r.stderr)

    def test_wrong_secret_fails_clearly(self):
        wrong = "WRONG" + self.secret[5:]
        r = self.run_whoami(self.static_env(secret=wrong))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")
        err_lines = r.stderr.splitlines()
        self.assertEqual(len(err_lines), 1, r.stderr)
        self.assertTrue(err_lines[0].startswith("ecsdeploy: error: AWS rejected the request signature"),
                        r.stderr)
        self.assertIn("AWS_SECRET_ACCESS_KEY", r.stderr)
        self.assertNotIn(wrong, r.stderr)
        self.assertNotIn(self.secret, r.stderr)
        # The same with -v must not leak it either.
        rv = self.run_whoami(self.static_env(secret=wrong), "-v")
        self.assertNotIn(wrong, rv.stdout + rv.stderr)

    def test_web_identity(self):
        token = os.path.join(self.tmp, "oidc-token")
        with open(token, "w") as f:
            f.write("header.payload.signature")  # moto does not validate the JWT itself
        r = self.run_whoami({"AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": self.role_arn,
                             "AWS_ROLE_SESSION_NAME": "gha-run-1"}, "--output", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["account"], self.account)
        self.assertIn(":assumed-role/gha-deploy/gha-run-1", doc["arn"])
        self.assertIn("web-identity", doc["credential_source"])
        # The no-auth budget is used up by now, so the signed call above was verified: a
        # request with a wrong secret is refused.
        bad = self.run_whoami(self.static_env(secret="WRONG" + self.secret[5:]))
        self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)

    def test_bad_input_exits_2(self):
        r = self.run_whoami(self.static_env(), "--region", "")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.count("\n"), 1, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
