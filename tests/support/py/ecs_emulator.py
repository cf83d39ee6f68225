"""The built ecs-emulator on 127.0.0.1: --port 0 lets it pick a free port, and the first line
it prints on stdout ("listening on 127.0.0.1:PORT") says which. Its stderr goes to a log file;
stop() always ends it.
"""

import json
import os
import selectors
import subprocess
import time

from build_tree import EMULATOR
from loopback_process import stop_process

_LISTENING = "listening on 127.0.0.1:"


def scenario_credentials(scenario):
    """(access key id, secret) of the first user in a scenario document, or None."""
    for account in scenario.get("accounts", []):
        for user in account.get("users", []):
            if user.get("accessKeyId") and user.get("secretAccessKey"):
                return user["accessKeyId"], user["secretAccessKey"]
    return None


def load_scenario(path):
    with open(path) as f:
        return json.load(f)


class EcsEmulator:
    def __init__(self, scenario_path, log_path, speed=None, extra_args=()):
        self.argv = [EMULATOR, "--port", "0", "--state", scenario_path]
        if speed is not None:
            self.argv += ["--speed", str(speed)]
        self.argv += list(extra_args)
        self.log_path = log_path
        self.process = None
        self.endpoint = None

    def start(self, timeout=20):
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=log,
                                            stdin=subprocess.DEVNULL)
        line = self._first_line(timeout)
        if not line.startswith(_LISTENING):
            self.stop()
            raise RuntimeError("ecs-emulator printed %r, not '%sPORT'" % (line, _LISTENING))
        self.endpoint = "http://127.0.0.1:%d" % int(line[len(_LISTENING):])
        return self

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process.stdout.close()

    def log_tail(self, limit=4000):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-limit:]

    def _first_line(self, timeout):
        sel = selectors.DefaultSelector()
        sel.register(self.process.stdout, selectors.EVENT_READ)
        deadline, buf = time.monotonic() + timeout, b""
        while b"\n" not in buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                self.stop()
                raise RuntimeError("ecs-emulator did not print its port within %d s:\n%s"
                                   % (timeout, self.log_tail()))
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                self.stop()
                raise RuntimeError("ecs-emulator exited before listening:\n" + self.log_tail())
            buf += chunk
        sel.close()
        return buf.split(b"\n", 1)[0].decode().strip()
