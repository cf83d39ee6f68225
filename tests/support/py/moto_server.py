"""moto_server (a second, independent AWS implementation) on 127.0.0.1 at a free port.

Its output goes to <log_dir>/moto.log; start() returns once it answers, stop() always ends it.
"""

import os
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

from loopback_process import free_port, stop_process


def skip_unless_installed():
    """For setUpClass: skips the suite on a machine without moto_server."""
    if not shutil.which("moto_server"):
        raise unittest.SkipTest("moto_server not installed")


def start_for(test, prefix, env=None):
    """For setUp: a temporary directory and a started MotoServer logging into it; the server
    stops, then the directory goes, when `test` ends. Returns (server, directory)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    test.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
    server = MotoServer(tmp, env)
    test.addCleanup(server.stop)  # cleanups run last-in first-out: stop before removing
    return server.start(), tmp


class MotoServer:
    def __init__(self, log_dir, env=None):
        self.log_path = os.path.join(log_dir, "moto.log")
        self.env = env  # None: this process's environment
        self.port = free_port()
        self.endpoint = "http://127.0.0.1:%d" % self.port
        self.process = None

    def start(self, timeout=30):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                ["moto_server", "-H", "127.0.0.1", "-p", str(self.port)], env=self.env,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("moto_server exited early:\n" + self.log_tail())
            try:
                # /moto-api/ is not an AWS action, so it does not use up moto's
                # INITIAL_NO_AUTH_ACTION_COUNT budget.
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start within %d s:\n%s" % (timeout, self.log_tail()))

    def stop(self):
        if self.process is not None:
            stop_process(self.process)

    def log_tail(self, limit=4000):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-limit:]
