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


def launch(argv, stderr, cwd=None, timeout=20):
    """Starts ecs-emulator (argv must hold --port 0) with stderr to `stderr` (a file) and
    returns (process, port) once it listens. Every suite starts the emulator through here."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=stderr,
                               stdin=subprocess.DEVNULL, cwd=cwd)
    try:
        line = _first_line(process, timeout)
    except RuntimeError:
        stop(process)
        raise
    if not line.startswith(_LISTENING):
        stop(process)
        raise RuntimeError("ecs-emulator printed %r, not '%sPORT'" % (line, _LISTENING))
    return process, int(line[len(_LISTENING):])


def stop(process):
    """Ends a launched emulator (SIGTERM, then SIGKILL) and closes its stdout pipe."""
    stop_process(process)
    if process.stdout is not None:
        process.stdout.close()


def _first_line(process, timeout):
    sel = selectors.DefaultSelector()
    sel.register(process.stdout, selectors.EVENT_READ)
    deadline, buf = time.monotonic() + timeout, b""
    try:
        while b"\n" not in buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                raise RuntimeError("ecs-emulator did not print its port within %d s" % timeout)
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError("ecs-emulator exited (%s) before listening"
                                   % process.wait(timeout=5))
            buf += chunk
    finally:
        sel.close()
    return buf.split(b"\n", 1)[0].decode().strip()


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
            try:
                self.process, port = launch(self.argv, log, timeout=timeout)
            except RuntimeError as e:
                raise RuntimeError("%s:\n%s" % (e, self.log_tail())) from None
        self.endpoint = "http://127.0.0.1:%d" % port
        return self

    def stop(self):
        if self.process is not None:
            stop(self.process)

    def log_tail(self, limit=4000):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-limit:]
