"""End to end: the built ecsdeploy against hostile answers.

A small proxy sits between ecsdeploy and the ecs-emulator and replaces chosen operations'
answers (by X-Amz-Target) with hostile ones: JSON nested 100,000 levels deep, a 5 MB error
message, an ECR answer without the tag. A raw TCP server answers garbage instead of HTTP.
Each case must end with one clear error line and the documented exit code: no crash, no
flood, no false pass.
"""

import http.server
import os
import shutil
import socket
import socketserver
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support", "py"))

from build_tree import DEMO_SCENARIO, ECSDEPLOY, EMULATOR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator, load_scenario, scenario_credentials  # noqa: E402
from ecsdeploy_cli import cli_env, run_ecsdeploy  # noqa: E402

TARGET = ["--cluster", "demo", "--service", "web", "--container", "app"]
DEEP = "[" * 100000 + "]" * 100000


class Proxy(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.overrides = {}  # operation -> (status, body)
        super().__init__(("127.0.0.1", 0), ProxyHandler)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
        if operation in self.server.overrides:
            status, answer = self.server.overrides[operation]
            data = answer.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        req = urllib.request.Request(self.server.upstream + self.path, data=body, method="POST")
        for name, value in self.headers.items():
            if name.lower() not in ("content-length", "connection"):
                req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, headers, data = resp.status, resp.getheaders(), resp.read()
        except urllib.error.HTTPError as e:
            status, headers, data = e.code, e.headers.items(), e.read()
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding", "date",
                                    "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def garbage_server(answer):
    """A TCP server on 127.0.0.1 that reads a request and answers `answer` (not HTTP)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    conn.recv(65536)
                    conn.sendall(answer)
                except OSError:
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return listener


class HostileAnswersE2E(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        skip_unless_built(ECSDEPLOY, EMULATOR)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ecsdeploy-hostile-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.key, self.secret = scenario_credentials(load_scenario(DEMO_SCENARIO))
        emulator = EcsEmulator(DEMO_SCENARIO, os.path.join(self.tmp, "emulator.log"), speed=50)
        emulator.start()
        self.addCleanup(emulator.stop)
        self.proxy = Proxy(emulator.endpoint)
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        self.addCleanup(self.proxy.server_close)  # cleanups run last-in first-out
        self.addCleanup(self.proxy.shutdown)
        self.endpoint = "http://127.0.0.1:%d" % self.proxy.server_address[1]

    def run_cli(self, args, endpoint=None):
        env = cli_env(endpoint or self.endpoint, self.tmp, self.key, self.secret,
                      extra={"AWS_MAX_ATTEMPTS": "1"})
        r = run_ecsdeploy(args, env, cwd=self.tmp)
        self.assertNotIn(self.secret, r.stdout + r.stderr)
        self.assertGreaterEqual(r.returncode, 0, "killed by signal %d" % -r.returncode)
        return r

    def error_lines(self, r):
        return [line for line in r.stderr.splitlines() if "error" in line.lower()]

    def test_the_proxy_is_transparent(self):
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_deeply_nested_answers_are_an_error_not_a_crash(self):
        for operation in ("DescribeServices", "DescribeTaskDefinition"):
            self.proxy.overrides = {operation: (200, '{"services":[{"x":' + DEEP + '}]}'
                                                if operation == "DescribeServices" else
                                                '{"taskDefinition":{"x":' + DEEP + '}}')}
            r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--dry-run"])
            self.assertEqual(r.returncode, 3, (operation, r.stderr))
            self.assertIn("nested deeper than 512 levels", r.stderr, operation)
        self.proxy.overrides = {"DescribeServices": (200, '{"services":[{"x":' + DEEP + '}]}')}
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web"])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("nested deeper than 512 levels", r.stderr)

    def test_a_huge_error_message_is_truncated(self):
        self.proxy.overrides = {"DescribeServices": (
            400, '{"__type":"ClientException","message":"' + "m" * (5 << 20) + '"}')}
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web"])
        self.assertEqual(r.returncode, 1, r.stderr[:2000])
        self.assertLess(len(r.stderr), 8192)
        self.assertIn("[truncated, 5242880 bytes]", r.stderr)

    def test_an_ecr_answer_without_the_tag_fails_preflight(self):
        self.proxy.overrides = {"DescribeImages": (200, '{"imageDetails":[{}]}')}
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v9.9.9", "--dry-run"])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("tag 'v9.9.9' not found in ECR", r.stderr)
        self.assertNotIn("exists ()", r.stderr)

    def test_a_non_http_endpoint_is_a_network_error(self):
        for answer in (b"garbage\r\n\r\n", b"SSH-2.0-OpenSSH_9.2p1\r\n"):
            listener = garbage_server(answer)
            self.addCleanup(listener.close)
            endpoint = "http://127.0.0.1:%d" % listener.getsockname()[1]
            r = self.run_cli(["whoami"], endpoint=endpoint)
            self.assertEqual(r.returncode, 1, (answer, r.stderr))
            self.assertIn("not valid HTTP", r.stderr)
            self.assertNotIn("invalid URL", r.stderr)
            r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--dry-run"],
                             endpoint=endpoint)
            self.assertEqual(r.returncode, 3, (answer, r.stderr))


if __name__ == "__main__":
    unittest.main()
