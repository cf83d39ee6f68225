"""Starts ecs-emulator on 127.0.0.1 (port 0: it picks a free one and prints it) and always
stops it; reads its state through the loopback control endpoint. Nothing here leaves loopback."""

import json
import os
import selectors
import signal
import subprocess
import tempfile
import time
import urllib.request


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
        self.process = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self.log,
                                        stdin=subprocess.DEVNULL)
        sel = selectors.DefaultSelector()
        sel.register(self.process.stdout, selectors.EVENT_READ)
        deadline, buf = time.monotonic() + timeout, b""
        while b"\n" not in buf:
            if time.monotonic() > deadline or not sel.select(deadline - time.monotonic()):
                self.stop()
                raise RuntimeError("ecs-emulator did not print its port")
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                self.stop()
                raise RuntimeError("ecs-emulator exited before listening")
            buf += chunk
        line = buf.split(b"\n", 1)[0].decode().strip()
        prefix = "listening on 127.0.0.1:"
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError(f"unexpected first line from ecs-emulator: {line!r}")
        self.endpoint = f"http://127.0.0.1:{int(line[len(prefix):])}"
        return self

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
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
