"""Servers for the conformance suites: ecs-emulator or moto_server on a free 127.0.0.1 port,
always stopped (stop(), atexit), with boto3 clients and an aws CLI runner pointed at them.

Nothing here may reach a non-loopback address: every client gets an explicit
http://127.0.0.1:PORT endpoint, proxies are switched off, and the shared config and
credentials files are replaced by /dev/null so no profile can redirect anything.
"""

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import boto3
import botocore.config

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support", "py"))
import ecs_emulator  # noqa: E402

LOOPBACK = "127.0.0.1"
REGION = "us-east-1"
ACCOUNT = "123456789012"
ACCESS_KEY = "AKIAEMULATORTEST0001"
SECRET_KEY = "conformance-secret-key-not-real-0001"
SERVICES = ("ecs", "ecr", "logs", "sts")


def _isolate_environment():
    """Make boto3 and the aws CLI see only what we hand them."""
    for name in list(os.environ):
        if name.startswith("AWS_") and name != "AWS_CA_BUNDLE":
            del os.environ[name]
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


_isolate_environment()

SOURCE_DIR = os.environ.get(
    "ECSDEPLOY_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BUILD_DIR = os.environ.get("ECSDEPLOY_BUILD_DIR", os.path.join(SOURCE_DIR, "build"))


def emulator_binary():
    return os.path.join(BUILD_DIR, "emulator", "ecs-emulator")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


_live_servers = []


def _stop_all_servers():
    for server in list(_live_servers):
        server.stop()


atexit.register(_stop_all_servers)


class Server:
    """A server process on loopback. Subclasses fill in how it starts."""

    name = "?"

    def __init__(self):
        self.process = None
        self.port = None
        self.tmpdir = tempfile.mkdtemp(prefix=f"conformance-{self.name}-")
        self.access_key = ACCESS_KEY
        self.secret_key = SECRET_KEY
        self.responses = []  # (service, operation, HTTP status, raw body) of JSON clients

    @property
    def endpoint_url(self):
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def pid(self):
        return self.process.pid

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
        if self in _live_servers:
            _live_servers.remove(self)
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def log_tail(self, limit=4000):
        path = os.path.join(self.tmpdir, "server.log")
        try:
            with open(path, "r", errors="replace") as f:
                return f.read()[-limit:]
        except OSError:
            return ""

    def session(self, access_key=None, secret_key=None, session_token=None):
        return boto3.session.Session(
            aws_access_key_id=access_key or self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            aws_session_token=session_token,
            region_name=REGION)

    def client(self, service, max_attempts=1, session=None, **config):
        """A boto3 client for `service` that talks only to this server.

        max_attempts=1 by default so a test sees the first answer; retry tests ask for more.
        """
        cfg = botocore.config.Config(
            # total_max_attempts counts the first try; botocore's "max_attempts" key would
            # count retries only.
            retries={"mode": "standard", "total_max_attempts": max_attempts},
            connect_timeout=5, read_timeout=30, proxies={}, **config)
        client = (session or self.session()).client(
            service, endpoint_url=self.endpoint_url, config=cfg)
        client.meta.events.register("after-call", self._record_response)
        return client

    def _record_response(self, http_response, model, **kwargs):
        """Keeps every answer a client parsed, so a suite can shape-check all of them."""
        if model.service_model.protocol == "json":
            self.responses.append((model.service_model.service_name, model.name,
                                   http_response.status_code, http_response.content))

    def cli_env(self, access_key=None, secret_key=None, session_token=None):
        env = dict(os.environ)
        env.update({
            "AWS_ACCESS_KEY_ID": access_key or self.access_key,
            "AWS_SECRET_ACCESS_KEY": secret_key or self.secret_key,
            "AWS_DEFAULT_REGION": REGION,
            "AWS_PAGER": "",
            "AWS_MAX_ATTEMPTS": "1",
        })
        if session_token:
            env["AWS_SESSION_TOKEN"] = session_token
        return env

    def run_cli(self, *args, timeout=120, **cred):
        """Runs `aws --endpoint-url <this server> <args> --output json`; returns CompletedProcess."""
        argv = ["aws", "--endpoint-url", self.endpoint_url, "--region", REGION,
                "--output", "json"] + list(args)
        return subprocess.run(argv, env=self.cli_env(**cred), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)

    def _spawn(self, argv):
        log = open(os.path.join(self.tmpdir, "server.log"), "wb")
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=log,
                                        stdin=subprocess.DEVNULL, cwd=self.tmpdir)
        log.close()
        _live_servers.append(self)


class MotoServer(Server):
    name = "moto"

    def start(self):
        binary = shutil.which("moto_server")
        if binary is None:
            raise unittest.SkipTest("moto_server is not installed on this machine")
        self.port = free_port()
        self._spawn([binary, "-H", LOOPBACK, "-p", str(self.port)])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited early:\n{self.log_tail()}")
            try:
                urllib.request.urlopen(f"{self.endpoint_url}/moto-api/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not come up within 30 s")


class EmulatorServer(Server):
    name = "emulator"

    def __init__(self, scenario, speed=None, seed=7, no_auth=False, extra_args=()):
        super().__init__()
        self.scenario = scenario
        self.speed = speed
        self.seed = seed
        self.no_auth = no_auth
        self.extra_args = list(extra_args)
        creds = scenario_credentials(scenario)
        if creds:
            self.access_key, self.secret_key = creds

    def start(self):
        binary = emulator_binary()
        if not os.access(binary, os.X_OK):
            raise unittest.SkipTest(f"ecs-emulator is not built at {binary}")
        path = os.path.join(self.tmpdir, "scenario.json")
        with open(path, "w") as f:
            json.dump(self.scenario, f, indent=1)
        argv = [binary, "--port", "0", "--state", path]
        if self.speed is not None:
            argv += ["--speed", str(self.speed)]
        if self.seed is not None:
            argv += ["--seed", str(self.seed)]
        if self.no_auth:
            argv.append("--no-auth")
        with open(os.path.join(self.tmpdir, "server.log"), "wb") as log:
            try:
                self.process, self.port = ecs_emulator.launch(argv + self.extra_args, log,
                                                              cwd=self.tmpdir)
            except RuntimeError as e:
                tail = self.log_tail()
                self.stop()
                raise RuntimeError(f"{e}:\n{tail}") from None
        _live_servers.append(self)
        return self

    def control(self, method, path, body=None):
        """Calls the loopback control endpoint /_emulator/<path>; returns parsed JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.endpoint_url}/_emulator/{path.lstrip('/')}",
                                     data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None


    # Control endpoint wrappers (docs/emulator.md, "Control endpoint").

    def request_log(self):
        """[{operation, caller, status, ...}] oldest first."""
        out = self.control("GET", "requests")
        return out["requests"] if isinstance(out, dict) else out

    def inject_fault(self, operation, fault, count, status=None):
        """The next `count` calls of `operation` fail: fault "throttle" (ThrottlingException)
        or "error" with an HTTP status (500/503). Replaces earlier rules."""
        rule = {"operation": operation, "type": fault, "count": count}
        if status is not None:
            rule["status"] = status
        self.control("POST", "faults", {"rules": [rule]})

    def clear_faults(self):
        self.control("DELETE", "faults")

    def advance_clock(self, seconds):
        self.control("POST", f"advance?seconds={seconds}")


def scenario_credentials(scenario):
    """(access key, secret) of the first identity in a scenario, or None."""
    for account in scenario.get("accounts", []):
        for ident in account.get("users", []):
            key = ident.get("accessKeyId")
            secret = ident.get("secretAccessKey")
            if key and secret:
                return key, secret
    return None


def start_backend(backend, scenario=None, **kwargs):
    if backend == "moto":
        return MotoServer().start()
    if backend == "emulator":
        from scenarios import base_scenario
        return EmulatorServer(scenario or base_scenario(), **kwargs).start()
    raise ValueError(backend)
