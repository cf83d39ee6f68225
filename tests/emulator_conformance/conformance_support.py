"""Shared helpers for the emulator conformance suites.

Starts a server (ecs-emulator or the image's moto_server) on a free 127.0.0.1 port and
always stops it; hands out boto3 clients pointed at it and runs the aws CLI against it.
The clients are peers nobody on the team wrote, so they are the judges of faithfulness.

Nothing here may reach a non-loopback address: every client gets an explicit
http://127.0.0.1:PORT endpoint, proxies are switched off, and the shared config and
credentials files are replaced by /dev/null so no profile can redirect anything.
"""

import atexit
import contextlib
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
        return (session or self.session()).client(
            service, endpoint_url=self.endpoint_url, config=cfg)

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
        self._spawn(argv + self.extra_args)
        line = self._read_listening_line(timeout=20)
        prefix = f"listening on {LOOPBACK}:"
        if not line.startswith(prefix):
            self.stop()
            raise RuntimeError(f"ecs-emulator printed {line!r}, not '{prefix}PORT'")
        self.port = int(line[len(prefix):])
        return self

    def _read_listening_line(self, timeout):
        import selectors
        sel = selectors.DefaultSelector()
        sel.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        buf = b""
        while b"\n" not in buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not sel.select(remaining):
                self.stop()
                raise RuntimeError(f"ecs-emulator did not print its port in {timeout} s")
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                code = self.process.wait(timeout=5)
                tail = self.log_tail()
                self.stop()
                raise RuntimeError(f"ecs-emulator exited ({code}) before listening:\n{tail}")
            buf += chunk
        return buf.split(b"\n", 1)[0].decode().strip()

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


class BackendTestCase:
    """Mixin for check classes written once and run against each backend.

    Concrete classes set BACKEND ("moto" or "emulator"), and may override scenario() and
    SPEED. One server per class keeps the suites fast; tests use unique names.
    """

    BACKEND = None
    SPEED = None

    @classmethod
    def scenario(cls):
        from scenarios import base_scenario
        return base_scenario()

    @classmethod
    def setUpClass(cls):
        kwargs = {}
        if cls.BACKEND == "emulator":
            kwargs = {"scenario": cls.scenario(), "speed": cls.SPEED}
        cls.server = start_backend(cls.BACKEND, **kwargs)
        cls.ecs = cls.server.client("ecs")
        cls.ecr = cls.server.client("ecr")
        cls.logs = cls.server.client("logs")
        cls.sts = cls.server.client("sts")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def skip_on(self, backend, reason):
        if self.BACKEND == backend:
            self.skipTest(f"{backend}: {reason}")

    @contextlib.contextmanager
    def moto_differs(self, reason):
        """Wraps a check that moto is known to fail: on moto a failure becomes a skip naming
        the documented difference, and a pass fails (so docs/emulator-conformance.md gets
        updated when moto changes). Other backends run the check normally."""
        import botocore.exceptions
        if self.BACKEND != "moto":
            yield
            return
        try:
            yield
        except (AssertionError, botocore.exceptions.ClientError) as e:
            first = str(e).strip().splitlines()[0][:160]
            raise unittest.SkipTest(f"moto differs: {reason} (observed: {first})")
        self.fail(f"moto now behaves like AWS ({reason}): update docs/emulator-conformance.md")

    def unique(self, stem):
        return unique(stem)

    def assertClientError(self, code, fn, *args, **kwargs):
        """Calls fn and asserts botocore raised ClientError with this error code (or one of
        these codes, given a tuple: where AWS's exact code for a case is not on record)."""
        import botocore.exceptions
        codes = code if isinstance(code, tuple) else (code,)
        try:
            fn(*args, **kwargs)
        except botocore.exceptions.ClientError as e:
            got = e.response.get("Error", {}).get("Code")
            self.assertIn(got, codes, f"wrong error code; message: "
                                      f"{e.response.get('Error', {}).get('Message')!r}")
            return e
        self.fail(f"expected {' or '.join(codes)}, call succeeded")


def unique(stem):
    unique.counter += 1
    return f"{stem}-{unique.counter}"


unique.counter = 0


def per_backend(mixin, module_globals, backends=("moto", "emulator")):
    """Defines <Mixin>On<Backend> TestCase classes for each backend in the caller's module."""
    for backend in backends:
        name = f"{mixin.__name__}On{backend.capitalize()}"
        module_globals[name] = type(name, (mixin, unittest.TestCase), {
            "BACKEND": backend, "__module__": module_globals["__name__"]})


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    unittest.main(verbosity=2)


TARGET_PREFIX = {
    "ecs": "AmazonEC2ContainerServiceV20141113",
    "ecr": "AmazonEC2ContainerRegistry_V20150921",
    "logs": "Logs_20140328",
}


def signed_request(server, service, operation, body, headers=None, secret_key=None,
                   access_key=None, session_token=None, sign=True, signed_at=None):
    """Builds a SigV4-signed awsJson1_1 request (method, url, body bytes, headers) with any
    body, so members boto3 would refuse to serialize (read-only ones, typos) can be sent."""
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"{TARGET_PREFIX[service]}.{operation}"}
    hdrs.update(headers or {})
    req = botocore.awsrequest.AWSRequest(method="POST", url=server.endpoint_url + "/",
                                         data=data, headers=hdrs)
    if sign:
        creds = botocore.credentials.Credentials(access_key or server.access_key,
                                                 secret_key or server.secret_key, session_token)
        signer = botocore.auth.SigV4Auth(creds, service, REGION)
        if signed_at is None:
            signer.add_auth(req)
        else:  # a request signed at another time (naive UTC datetime), e.g. a stale one
            import unittest.mock
            with unittest.mock.patch.object(botocore.auth, "get_current_datetime",
                                            lambda *a, **k: signed_at):
                signer.add_auth(req)
    return "POST", req.url, data, dict(req.headers.items())


def raw_call(server, service, operation, body, **kwargs):
    """Sends signed_request(...) and returns (status, parsed JSON body or raw text)."""
    import http.client
    import urllib.parse
    method, url, data, hdrs = signed_request(server, service, operation, body, **kwargs)
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname == LOOPBACK, "conformance suites talk to loopback only"
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, parts.path or "/", body=data, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
    finally:
        conn.close()
    try:
        return resp.status, json.loads(raw)
    except ValueError:
        return resp.status, raw.decode(errors="replace")


def error_code(body):
    """The AWS JSON error code from a parsed body, normalised as SDKs do."""
    if not isinstance(body, dict):
        return None
    code = body.get("__type") or body.get("code") or ""
    return code.split("#")[-1].split(":")[0].split(",")[0] or None
