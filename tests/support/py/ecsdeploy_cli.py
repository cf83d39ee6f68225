"""Runs the built ecsdeploy with an environment made from scratch: only the endpoint, region
and credentials a test hands it, HOME in a temporary directory (no ~/.aws files) and no
instance metadata, so nothing on the machine can point it anywhere but loopback.
"""

import os
import subprocess

from build_tree import ECSDEPLOY


def cli_env(endpoint, home, access_key=None, secret_key=None, region="us-east-1", extra=None):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
           "AWS_REGION": region, "AWS_ENDPOINT_URL": endpoint,
           "AWS_EC2_METADATA_DISABLED": "true"}
    if access_key is not None:
        env.update({"AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret_key})
    env.update(extra or {})
    return env


def run_ecsdeploy(args, env, cwd=None, timeout=120):
    return subprocess.run([ECSDEPLOY, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)
