"""End to end: the built ecsdeploy against hostile answers.

A small proxy sits between ecsdeploy and the ecs-emulator and replaces chosen operations'
answers (by X-Amz-Target, or the form's Action for STS) with hostile ones: JSON nested 100,000
levels deep, a 5 MB error message, an ECR answer without the tag, garbage shown as data; or
rewrites the emulator's real answers (stopped reasons, events, log lines carrying terminal
escapes and GitHub workflow commands; states ECS does not document). A raw TCP server answers
garbage instead of HTTP. Each case must end with one clear error line and the documented exit
code: no crash, no flood, no false pass, no injection.
"""

import http.server
import json
import os
import re
import shlex
import shutil
import subprocess
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
# Outside text as an attacker (or a confused application) writes it: clear screen, set the
# window title, bell, carriage return, C1 CSI, a bidi override, workflow commands at a line
# start and the runner's legacy form mid-line, and HTML / Markdown for the step summary.
HOSTILE = ("boom\x1b[2J\x1b]0;pwned\x07\rOK\n::error title=forged::injected\r\n"
           "::add-mask::x ##[set-output name=outcome;]succeeded \u009b31m \u202eevil "
           "</summary><img src=x onerror=alert(1)> | [link](http://x) **bold**")
RAW_CONTROLS = ("\x1b", "\r", "\x07", "\u009b", "\u202e")
DEEP = "[" * 100000 + "]" * 100000


class Proxy(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def __init__(self, upstream):
        self.upstream = upstream
        self.overrides = {}  # operation -> (status, body[, content type])
        self.rewrites = {}  # operation -> function(answer dict) -> answer dict (200 answers)
        super().__init__(("127.0.0.1", 0), ProxyHandler)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
        if not operation:
            action = re.search(rb"(?:^|&)Action=([A-Za-z]+)", body)  # awsQuery (STS)
            operation = action.group(1).decode() if action else ""
        if operation in self.server.overrides:
            status, answer, *content_type = self.server.overrides[operation]
            data = answer.encode()
            self.send_response(status)
            self.send_header("Content-Type", (content_type or ["application/x-amz-json-1.1"])[0])
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
        if status == 200 and operation in self.server.rewrites:
            data = json.dumps(self.server.rewrites[operation](json.loads(data))).encode()
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
        scenario = load_scenario(DEMO_SCENARIO)
        # The demo's crashing image writes hostile log lines before it exits.
        scenario["images"]["v1.3.0-crash"]["logLines"] = ["Starting web", HOSTILE,
                                                          "Error: " + HOSTILE]
        path = os.path.join(self.tmp, "scenario.json")
        with open(path, "w") as f:
            json.dump(scenario, f)
        self.key, self.secret = scenario_credentials(scenario)
        emulator = EcsEmulator(path, os.path.join(self.tmp, "emulator.log"), speed=50)
        emulator.start()
        self.addCleanup(emulator.stop)
        self.proxy = Proxy(emulator.endpoint)
        threading.Thread(target=self.proxy.serve_forever, daemon=True).start()
        self.addCleanup(self.proxy.server_close)  # cleanups run last-in first-out
        self.addCleanup(self.proxy.shutdown)
        self.endpoint = "http://127.0.0.1:%d" % self.proxy.server_address[1]

    def run_cli(self, args, endpoint=None, extra_env=None):
        env = cli_env(endpoint or self.endpoint, self.tmp, self.key, self.secret,
                      extra={"AWS_MAX_ATTEMPTS": "1", **(extra_env or {})})
        r = run_ecsdeploy(args, env, cwd=self.tmp)
        self.assertNotIn(self.secret, r.stdout + r.stderr)
        self.assertGreaterEqual(r.returncode, 0, "killed by signal %d" % -r.returncode)
        return r

    def run_tty(self, args):
        """ecsdeploy under a real pty (script(1)); its output is the terminal's, CR LF."""
        env = cli_env(self.endpoint, self.tmp, self.key, self.secret,
                      extra={"AWS_MAX_ATTEMPTS": "1", "TERM": "xterm"})
        return subprocess.run(["script", "-qec", shlex.join([ECSDEPLOY, *args]), "/dev/null"],
                              env=env, capture_output=True, text=True, timeout=120, cwd=self.tmp)

    def github_env(self, name):
        files = {"GITHUB_STEP_SUMMARY": os.path.join(self.tmp, name + "-summary.md"),
                 "GITHUB_OUTPUT": os.path.join(self.tmp, name + "-output")}
        return {"GITHUB_ACTIONS": "true", "CI": "true", **files}, files

    def hostile_stopped_tasks(self):
        """The emulator's real answers, with every stopped reason and event made hostile."""
        def tasks(doc):
            for t in doc.get("tasks", []):
                if t.get("stoppedReason"):
                    t["stoppedReason"] = HOSTILE
                for c in t.get("containers", []):
                    if c.get("reason"):
                        c["reason"] = HOSTILE
            return doc

        def services(doc):
            for svc in doc.get("services", []):
                for e in svc.get("events", []):
                    e["message"] = HOSTILE + " " + e["message"]
                for d in svc.get("deployments", []):
                    if d.get("rolloutStateReason"):
                        d["rolloutStateReason"] = HOSTILE
            return doc
        self.proxy.rewrites = {"DescribeTasks": tasks, "DescribeServices": services}

    def assert_not_injected(self, text, where, tty=False):
        # Under a pty the terminal itself writes CR LF and our colours: look for the hostile
        # sequences themselves there.
        raw = ("\x1b[2J", "\x1b]0;", "\x07", "\rOK", "\u009b", "\u202e") if tty else RAW_CONTROLS
        for seq in raw:
            self.assertNotIn(seq, text, "%s carries %r raw" % (where, seq))
        self.assertNotIn("##[", text, where)  # the runner finds this form anywhere in a line
        for line in text.splitlines():
            self.assertFalse(line.lstrip().startswith(("::error title=forged", "::add-mask::")),
                             "%s: a forged workflow command: %r" % (where, line))

    def parse_outputs(self, path):
        """$GITHUB_OUTPUT as the runner reads it: name<<DELIM, value lines, DELIM."""
        outputs, lines, i = {}, open(path).read().split("\n"), 0
        while i < len(lines):
            if lines[i]:
                name, delim = lines[i].split("<<", 1)
                end = lines.index(delim, i + 1)
                outputs[name] = "\n".join(lines[i + 1:end])
                i = end
            i += 1
        return outputs

    def test_hostile_text_from_aws_and_logs_never_injects(self):
        """Issue 13 item 3: stopped reasons, events and log lines carrying terminal escapes, CR,
        workflow commands, HTML and Markdown reach every output mode neutralised."""
        self.hostile_stopped_tasks()
        deploy = ["deploy", *TARGET, "--image-tag", "v1.3.0-crash", "--timeout", "3m"]
        env, files = self.github_env("deploy")
        r = self.run_cli(deploy, extra_env=env)
        self.assertEqual(r.returncode, 4, r.stderr[-3000:])
        self.assertIn("stopped task", r.stderr)
        self.assertIn("boom\\x1b[2J", r.stderr)  # shown, escaped
        self.assert_not_injected(r.stderr, "GitHub Actions stderr")
        with open(files["GITHUB_STEP_SUMMARY"]) as f:
            summary = f.read()
        self.assertIn("boom\\\\x1b\\[2J", summary)  # shown, escaped for Markdown
        self.assert_not_injected(summary, "the step summary")
        # Outside the fenced blocks (where nothing is parsed but the closing fence) no HTML
        # survives; in the Markdown (not the raw-HTML <summary> lines) no link or emphasis.
        prose = re.sub(r"```text\n.*?\n```\n", "", summary, flags=re.S)
        self.assertIn("&lt;/summary&gt;&lt;img", prose)
        self.assertNotIn("<img", prose)
        markdown = "\n".join(line for line in prose.splitlines()
                              if not line.startswith("<details><summary>"))
        for raw in ("[link](", "**bold**", "| [link]"):
            self.assertNotIn(raw, markdown)
        outputs = self.parse_outputs(files["GITHUB_OUTPUT"])
        self.assertEqual(set(outputs), {"task-definition-arn", "deployed-task-definition-arn",
                                        "previous-task-definition-arn", "image", "outcome",
                                        "service-deployment-arn"})
        self.assertEqual(outputs["outcome"], "rollout-failed")
        for name, value in outputs.items():
            self.assertNotIn("\n", value, name)
            self.assert_not_injected(value, "output " + name)

        r = self.run_cli(deploy + ["--output", "json"])
        self.assertEqual(r.returncode, 4, r.stderr[-3000:])
        self.assert_not_injected(r.stdout, "JSON on stdout")  # JSON escapes them itself
        self.assert_not_injected(r.stderr, "stderr beside JSON")
        doc = json.loads(r.stdout)
        self.assertIn(HOSTILE, [t["stopped_reason"] for t in doc["stopped_tasks"]])
        self.assertTrue(any(HOSTILE in line for t in doc["stopped_tasks"]
                            for line in t.get("log_tail", [])), doc["stopped_tasks"])

        r = self.run_cli(deploy, extra_env={"CI": "true"})
        self.assertEqual(r.returncode, 4, r.stderr[-3000:])
        self.assert_not_injected(r.stderr, "plain stderr")

        r = self.run_tty(deploy)
        self.assertEqual(r.returncode, 4, r.stdout[-3000:])
        self.assertIn("stopped task", r.stdout)
        self.assert_not_injected(r.stdout, "the terminal", tty=True)

        r = self.run_cli(["status", "--cluster", "demo", "--service", "web"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("boom\\x1b[2J", r.stdout)
        self.assert_not_injected(r.stdout, "status")

    def test_a_hostile_error_message_in_preflight_stays_on_its_line(self):
        """The issue's case: a newline in an AWS error message started a line that GitHub
        Actions read as an ::error:: workflow command."""
        self.proxy.overrides = {"DescribeImages": (
            400, json.dumps({"__type": "ClientException", "message": HOSTILE}))}
        env, files = self.github_env("preflight")
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0"], extra_env=env)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("boom\\x1b[2J", r.stderr)
        self.assert_not_injected(r.stderr, "preflight stderr")
        with open(files["GITHUB_STEP_SUMMARY"]) as f:
            self.assert_not_injected(f.read(), "the step summary")
        self.proxy.overrides = {"DescribeServices": (
            400, json.dumps({"__type": "ClientException", "message": HOSTILE}))}
        r = self.run_cli(["status", "--cluster", "demo", "--service", "web"])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assert_not_injected(r.stderr, "status error")

    def weird(self, rollout_state=None, service_deployment_status=None):
        def services(doc):
            for svc in doc.get("services", []):
                for d in svc.get("deployments", []):
                    d["rolloutState"] = rollout_state
            return doc

        def service_deployments(doc):
            for d in doc.get("serviceDeployments", []):
                d["status"] = service_deployment_status
            return doc
        self.proxy.rewrites = {}
        if rollout_state:
            self.proxy.rewrites["DescribeServices"] = services
        if service_deployment_status:
            self.proxy.rewrites["DescribeServiceDeployments"] = service_deployments

    def test_unknown_states_are_never_a_success(self):
        """Issue 13 item 4: every poll reports a state ECS does not document; the deploy and
        the rollback wait, say so, and time out (exit 5) naming it."""
        for rollout_state, sd_status, named in (
                ("WEIRD", None, "rolloutState 'WEIRD'"),
                (None, "WEIRD", "service deployment status 'WEIRD'")):
            self.weird(rollout_state, sd_status)
            r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.2.0", "--timeout", "20s",
                              "--settle", "0", "--output", "json"])
            self.assertEqual(r.returncode, 5, r.stderr[-3000:])
            self.assertNotIn("SUCCESSFUL", r.stderr.splitlines()[-1])
            self.assertIn(named, r.stderr)
            doc = json.loads(r.stdout)
            self.assertEqual(doc["outcome"], "timed-out")
            self.assertIn(named, doc["summary"])
        self.weird(None, None)
        r = self.run_cli(["deploy", *TARGET, "--image-tag", "v1.1.0", "--settle", "0"])
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        self.weird("WEIRD", None)
        r = self.run_cli(["rollback", "--cluster", "demo", "--service", "web", "--timeout", "20s"])
        self.assertEqual(r.returncode, 5, r.stderr[-3000:])
        self.assertIn("rolloutState 'WEIRD'", r.stderr)

    def test_garbage_shown_as_data_is_called_malformed(self):
        identity = ("<GetCallerIdentityResponse><GetCallerIdentityResult>"
                    "<Arn>arn:aws:iam::123456789012:user/deployer</Arn><UserId>AIDA</UserId>"
                    "<Account>abc</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
        self.proxy.overrides = {"GetCallerIdentity": (200, identity, "text/xml")}
        r = self.run_cli(["whoami"])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("malformed Account 'abc'", r.stderr)
        self.assertNotIn("account:", r.stdout)
        for garbage in ('{"taskDefinitionArns":"garbage"}', '{"taskDefinitionArns":[1,2]}',
                        '{"unexpected":["web:1"]}'):
            self.proxy.overrides = {"ListTaskDefinitions": (200, garbage)}
            r = self.run_cli(["history", "--cluster", "demo", "--service", "web"])
            self.assertEqual(r.returncode, 1, (garbage, r.stdout, r.stderr))
            self.assertIn("malformed", r.stderr, garbage)

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
