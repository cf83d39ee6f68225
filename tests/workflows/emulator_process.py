"""Starts ecs-emulator on 127.0.0.1 (port 0: it picks a free one and prints it) and always
stops it; reads its state through the loopback control endpoint. Nothing here leaves loopback."""

import json
import os
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))
import ecs_emulator  # noqa: E402


def binary(build_dir):
    return os.path.join(build_dir, "emulator", "ecs-emulator")


def isolated_env(endpoint):
    """The process environment with every AWS_* setting replaced: only the emulator, no
    profile files, no instance metadata, no proxies."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "ECSDEPLOY_", "GITHUB_", "ACTIONS_", "RUNNER_"))
           and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update({"AWS_ENDPOINT_URL": endpoint, "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true",
                "NO_PROXY": "127.0.0.1,localhost", "NO_COLOR": "1"})
    return env


class Emulator:
    def __init__(self, build_dir, scenario, speed=30):
        self.argv = [binary(build_dir), "--state", scenario, "--port", "0", "--speed", str(speed)]
        self.process = None
        self.endpoint = None
        self.log = tempfile.TemporaryFile()

    def start(self, timeout=20):
        self.process, port = ecs_emulator.launch(self.argv, self.log, timeout=timeout)
        self.endpoint = f"http://127.0.0.1:{port}"
        return self

    def stop(self):
        if self.process is not None:
            ecs_emulator.stop(self.process)
        self.log.close()

    def state(self):
        with urllib.request.urlopen(self.endpoint + "/_emulator/state", timeout=10) as resp:
            return json.loads(resp.read())

    def describe_service(self, cluster, name):
        for svc in self.state()["services"]:
            if svc["serviceName"] == name and svc["clusterArn"].endswith(":cluster/" + cluster):
                return svc
        raise KeyError(f"{cluster}/{name}")

    def requests(self):
        """The emulator's request log, oldest first: [{service, operation, status, error?}]."""
        with urllib.request.urlopen(self.endpoint + "/_emulator/requests", timeout=10) as resp:
            return json.loads(resp.read())["requests"]
