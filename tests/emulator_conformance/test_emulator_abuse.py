"""Load and abuse (docs/emulator.md, "Limits and abuse"): idle and slowloris connections do not
starve other clients, connections past the cap get a clear 503, oversized bodies are refused
without being read or buffered, and a second emulator cannot take a port that is in use.

Every socket goes to 127.0.0.1 only, every loop is bounded, and everything opened is closed.
"""

import concurrent.futures
import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import unittest
import urllib.request

import botocore.config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import raw_requests  # noqa: E402
from scenarios import base_scenario  # noqa: E402
from servers import LOOPBACK, EmulatorServer, emulator_binary  # noqa: E402

IDLE_SOCKETS = 200
SLOWLORIS_SOCKETS = 48
ANSWER_WITHIN_S = 3.0


def open_socket(port):
    return socket.create_connection((LOOPBACK, port), timeout=5)


@contextlib.contextmanager
def sockets(port, count):
    opened = []
    try:
        for _ in range(count):
            opened.append(open_socket(port))
        yield opened
    finally:
        for s in opened:
            s.close()


class Slowloris:
    """Connections that send a request's headers one byte every `interval` seconds, from one
    background thread, for at most `max_seconds`."""

    def __init__(self, socks, interval=0.5, max_seconds=30):
        self.socks = socks
        self.interval = interval
        self.max_seconds = max_seconds
        self.closed_by_server = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.payload = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        b"application/x-amz-json-1.1\r\nX-Slow: " + b"a" * 4096)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self):
        deadline = time.monotonic() + self.max_seconds
        offset = 0
        while not self._stop.is_set() and time.monotonic() < deadline and offset < len(self.payload):
            for i, s in enumerate(self.socks):
                if i in self.closed_by_server:
                    continue
                try:
                    s.send(self.payload[offset:offset + 1])
                except OSError:
                    self.closed_by_server.add(i)
            offset += 1
            self._stop.wait(self.interval)


def health(server, timeout=ANSWER_WITHIN_S):
    with urllib.request.urlopen(f"{server.endpoint_url}/_emulator/health", timeout=timeout) as r:
        return r.status, r.read()


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM in /proc/PID/status")


def read_response(sock, limit=65536, timeout=5):
    """Reads until the server closes or `limit` bytes (bounded by `timeout`)."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < limit and time.monotonic() < deadline:
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            break
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


class AbuseChecks(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = EmulatorServer(base_scenario()).start()
        # Short timeouts and no retries: a starved emulator fails the test instead of slowing it.
        cls.ecs = cls.server.session().client("ecs", endpoint_url=cls.server.endpoint_url,
                                              config=botocore.config.Config(
                                                  retries={"total_max_attempts": 1},
                                                  connect_timeout=ANSWER_WITHIN_S,
                                                  read_timeout=ANSWER_WITHIN_S, proxies={}))
        cls.ecs.create_cluster(clusterName="abuse")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assertServesQuickly(self):
        start = time.monotonic()
        status, body = health(self.server)
        self.assertEqual(200, status, body)
        out = self.ecs.describe_clusters(clusters=["abuse"])
        self.assertEqual(["abuse"], [c["clusterName"] for c in out["clusters"]])
        self.assertLess(time.monotonic() - start, 2 * ANSWER_WITHIN_S)

    def test_idle_and_slowloris_connections_do_not_starve_other_clients(self):
        port = self.server.port
        with sockets(port, IDLE_SOCKETS), sockets(port, SLOWLORIS_SOCKETS) as slow:
            with Slowloris(slow):
                time.sleep(0.5)  # every connection accepted and waiting
                self.assertServesQuickly()
                # AWS calls from several clients at once still get answers.
                with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                    results = list(pool.map(
                        lambda _: health(self.server)[0], range(16)))
                self.assertEqual([200] * 16, results)
        self.assertServesQuickly()

    def test_slowloris_connection_is_closed_within_the_request_timeout(self):
        with sockets(self.server.port, 1) as slow:
            with Slowloris(slow, interval=0.5, max_seconds=20) as loris:
                deadline = time.monotonic() + 15
                while not loris.closed_by_server and time.monotonic() < deadline:
                    time.sleep(0.25)
                self.assertEqual({0}, loris.closed_by_server,
                                 "a request trickling in for 15 s was still being read")

    def test_idle_connection_is_closed(self):
        with sockets(self.server.port, 1) as (idle,):
            start = time.monotonic()
            self.assertEqual(b"", read_response(idle, timeout=10))
            self.assertLess(time.monotonic() - start, 9)

    def test_content_length_over_the_limit_is_refused_before_the_body(self):
        with sockets(self.server.port, 1) as (s,):
            s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/x-amz-json-1.1\r\n"
                      b"X-Amz-Target: AmazonEC2ContainerServiceV20141113.DescribeClusters\r\n"
                      b"Content-Length: 62914560\r\n\r\n")
            start = time.monotonic()
            answer = read_response(s, timeout=5)
            self.assertLess(time.monotonic() - start, 3, answer[:200])
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:200])
        self.assertIn(b"RequestEntityTooLargeException", answer)
        self.assertIn(b"Connection: close", answer)

    def test_chunked_body_over_the_limit_is_capped(self):
        # Its own emulator, so the peak RSS below is this request's alone.
        server = EmulatorServer(base_scenario()).start()
        try:
            with sockets(server.port, 1) as (s,):
                s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Content-Type: application/x-amz-json-1.1\r\n"
                          b"X-Amz-Target: AmazonEC2ContainerServiceV20141113.DescribeClusters\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n")
                chunk = b"%x\r\n%s\r\n" % (65536, b"a" * 65536)
                try:
                    for _ in range(48 * 16):  # 48 MiB, far past the 1 MiB limit
                        s.sendall(chunk)
                    s.sendall(b"0\r\n\r\n")
                except OSError:
                    pass  # the server stopped reading and closed
                answer = read_response(s, timeout=5)
            self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:200])
            self.assertIn(b"RequestEntityTooLargeException", answer)
            self.assertLess(peak_rss_mib(server.pid), 64, "the emulator buffered the chunked body")
            self.assertEqual(200, health(server)[0])
        finally:
            server.stop()

    def test_parallel_huge_bodies_do_not_grow_memory(self):
        body = b'{"clusters": ["' + b"x" * (60 * 1024 * 1024) + b'"]}'

        def send(_):
            try:
                status, out = raw_requests.raw_call(self.server, "ecs", "DescribeClusters", body)
                return status
            except OSError:
                return "closed"

        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(send, range(16)))
        self.assertTrue(all(r in (413, "closed") for r in results), results)
        self.assertIn(413, results)
        self.assertLess(peak_rss_mib(self.server.pid), 256,
                        "the emulator buffered oversized bodies")
        self.assertServesQuickly()


class ConnectionCapChecks(unittest.TestCase):

    def test_connections_past_the_cap_get_503_and_service_resumes(self):
        server = EmulatorServer(base_scenario(), extra_args=["--max-connections", "4"]).start()
        try:
            with sockets(server.port, 4):
                time.sleep(0.3)
                with sockets(server.port, 1) as (extra,):
                    extra.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    answer = read_response(extra, timeout=5)
                self.assertTrue(answer.startswith(b"HTTP/1.1 503"), answer[:200])
                self.assertIn(b"ServiceUnavailableException", answer)
            # The four idle connections are gone: the emulator answers again.
            deadline = time.monotonic() + 5
            while True:
                try:
                    self.assertEqual(200, health(server)[0])
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        finally:
            server.stop()


class PortInUseChecks(unittest.TestCase):

    def test_second_emulator_on_a_taken_port_exits_1_and_the_first_keeps_its_state(self):
        first = EmulatorServer(base_scenario()).start()
        try:
            ecs = first.client("ecs")
            ecs.create_cluster(clusterName="first-only")
            path = os.path.join(first.tmpdir, "scenario.json")
            second = subprocess.run(
                [emulator_binary(), "--state", path, "--port", str(first.port)],
                capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
            self.assertEqual(1, second.returncode, second.stdout + second.stderr)
            self.assertIn(f"127.0.0.1:{first.port}", second.stderr)
            self.assertIn("already in use", second.stderr)
            self.assertEqual("", second.stdout)
            for _ in range(20):  # every call reaches the first emulator's state
                out = ecs.describe_clusters(clusters=["first-only"])
                self.assertEqual(["first-only"], [c["clusterName"] for c in out["clusters"]])
        finally:
            first.stop()


if __name__ == "__main__":
    unittest.main(verbosity=2)
