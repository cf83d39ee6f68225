"""Emulator scenario files for the conformance suites (format: docs/emulator.md).

Only the emulator reads these; moto starts empty and the checks create what they need
through the API, so the same check code runs on both.
"""

from conformance_support import ACCESS_KEY, ACCOUNT, SECRET_KEY

ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/conformance-deployer"


def base_scenario():
    """One account with one long-term key, an OIDC-assumable role, and nothing else."""
    return {
        "accounts": [{
            "id": ACCOUNT,
            "credentials": [{"accessKeyId": ACCESS_KEY, "secretAccessKey": SECRET_KEY,
                             "arn": f"arn:aws:iam::{ACCOUNT}:user/conformance"}],
            "roles": [{"arn": ROLE_ARN}],
        }],
    }
