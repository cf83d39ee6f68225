"""The action's setup step (scripts/action-setup.sh, as action.yml runs it) against a local
release server: which binary it picks, that it verifies the checksum before running
anything, and that every bad input is one ::error line. Needs no build: the "release
binary" is a script that records that it ran.
"""

import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "tests", "workflows"))
import gha_runner  # noqa: E402

SETUP = os.path.join(SOURCE, "scripts", "action-setup.sh")
FAKE_RELEASE_BINARY = """#!/usr/bin/env bash
echo ran >> "$RAN_LOG"
if [ "${1:-}" = --version ]; then echo "ecsdeploy %s (commit 0123456789ab, x86_64-linux-gnu)"; exit 0; fi
printf '%%s\\n' "$@" > "$RAN_LOG.argv"
echo "outcome=succeeded" >> "$GITHUB_OUTPUT"
"""


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        for line in f:
            if line.startswith("project(ecsdeploy VERSION "):
                return line.split()[2]
    raise AssertionError("no project(VERSION)")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class ReleaseServer:
    """Serves /v<version>/<file> from a dict; counts requests per path."""

    def __init__(self):
        self.files, self.requests = {}, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                body = server.files.get(self.path)
                self.send_response(200 if body is not None else 404)
                body = body if body is not None else b"Not Found"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]

    def publish(self, version, assets, commit="a" * 40, sums_override=None):
        """A release: assets {name: bytes}, BUILD_INFO, SHA256SUMS over all of them."""
        files = dict(assets)
        files["BUILD_INFO"] = ("version=%s\ncommit=%s\n" % (version, commit)).encode()
        sums = "".join("%s  %s\n" % (sha256(d), n) for n, d in sorted(files.items()))
        for name, digest in (sums_override or {}).items():
            sums = "".join(l + "\n" if not l.endswith("  " + name) else "%s  %s\n" % (digest, name)
                           for l in sums.splitlines())
        files["SHA256SUMS"] = sums.encode()
        for name, data in files.items():
            self.files["/v%s/%s" % (version, name)] = data

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class ActionSetupTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="action-setup-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.server = ReleaseServer()
        self.addCleanup(self.server.stop)
        self.version = project_version()
        self.binary = (FAKE_RELEASE_BINARY % self.version).encode()
        self.ran = os.path.join(self.tmp, "ran.log")
        self.tool_cache = os.path.join(self.tmp, "toolcache")

    def setup_step(self, **env):
        """Runs the setup script as action.yml does; (exit code, stdout, outputs)."""
        out_file = os.path.join(self.tmp, "output-%d" % len(os.listdir(self.tmp)))
        open(out_file, "w").close()
        full = {"PATH": os.environ["PATH"], "HOME": self.tmp, "ACTION_DIR": SOURCE,
                "ACTION_REPOSITORY": "ecsdeploy/ecsdeploy", "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64", "RUNNER_TEMP": self.tmp,
                "RUNNER_TOOL_CACHE": self.tool_cache, "GITHUB_OUTPUT": out_file,
                "ECSDEPLOY_RELEASE_URL": self.server.url, "RAN_LOG": self.ran}
        full.update(env)
        r = subprocess.run(["bash", SETUP], env=full, capture_output=True, text=True, timeout=60)
        with open(out_file) as f:
            outputs = dict(l.split("=", 1) for l in f.read().splitlines() if "=" in l)
        return r.returncode, r.stdout + r.stderr, outputs

    def ran_times(self):
        return open(self.ran).read().count("ran") if os.path.exists(self.ran) else 0

    def assert_one_error(self, code, text, *needles):
        self.assertEqual(code, 1, text)
        errors = [l for l in text.splitlines() if l.startswith("::error")]
        self.assertEqual(len(errors), 1, text)
        for n in needles:
            self.assertIn(n, errors[0])
        self.assertEqual(self.ran_times(), 0, "an unverified binary ran")

    # --- the release path ----------------------------------------------------------------

    def test_version_input_downloads_verifies_and_caches(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        code, text, outputs = self.setup_step(INPUT_VERSION="v" + self.version)
        self.assertEqual(code, 0, text)
        self.assertEqual(outputs["build"], "false")
        self.assertTrue(outputs["bin"].startswith(self.tool_cache), outputs)
        self.assertIn("verified", text)
        self.assertIn("ecsdeploy %s (commit" % self.version, text)  # --version, after the check
        # A second job on the same runner takes the verified copy from the tool cache.
        before = len(self.server.requests)
        code, text, _ = self.setup_step(INPUT_VERSION=self.version)
        self.assertEqual(code, 0, text)
        self.assertIn("from the tool cache", text)
        self.assertEqual([p for p in self.server.requests[before:] if "ecsdeploy-linux" in p], [])

    def test_version_tag_ref_picks_that_release(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        code, text, outputs = self.setup_step(ACTION_REF="v" + self.version)
        self.assertEqual((code, outputs.get("build")), (0, "false"), text)

    def test_arm64_runner_gets_the_arm64_binary(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": b"not this one",
                                           "ecsdeploy-linux-arm64": self.binary})
        code, text, outputs = self.setup_step(INPUT_VERSION=self.version, RUNNER_ARCH="ARM64")
        self.assertEqual(code, 0, text)
        self.assertTrue(outputs["bin"].endswith("ecsdeploy-linux-arm64/ecsdeploy"), outputs)

    def test_commit_ref_uses_the_release_built_from_it(self):
        commit = "b" * 40
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary}, commit=commit)
        code, text, outputs = self.setup_step(ACTION_REF=commit)
        self.assertEqual((code, outputs.get("build")), (0, "false"), text)

    def test_other_commits_and_branches_build_from_source(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary}, commit="b" * 40)
        for ref in ("c" * 40, "main", ""):
            code, text, outputs = self.setup_step(ACTION_REF=ref)
            self.assertEqual((code, outputs.get("build")), (0, "true"), ref + ": " + text)
            self.assertRegex(outputs["key"], r"^ecsdeploy-Linux-X64-[0-9.]+-[0-9a-f]{16}$")
            self.assertIn("building from source", text)
        self.assertEqual(self.ran_times(), 0)

    def test_a_tag_without_a_release_builds_from_source(self):
        code, text, outputs = self.setup_step(ACTION_REF="v9.9.9")
        self.assertEqual((code, outputs.get("build")), (0, "true"), text)

    # --- bad input: one ::error line, nothing unverified runs ------------------------------

    def test_checksum_mismatch_fails_and_never_runs_the_download(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary},
                            sums_override={"ecsdeploy-linux-x86_64": "0" * 64})
        code, text, outputs = self.setup_step(INPUT_VERSION=self.version)
        self.assert_one_error(code, text, "checksum mismatch", "ecsdeploy-linux-x86_64",
                              "re-run the job")
        self.assertNotIn("bin", outputs)
        self.assertFalse(os.path.exists(os.path.join(
            self.tool_cache, "ecsdeploy", self.version, "ecsdeploy-linux-x86_64", "ecsdeploy")))

    def test_a_tampered_tool_cache_copy_is_replaced(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        self.assertEqual(self.setup_step(INPUT_VERSION=self.version)[0], 0)
        cached = os.path.join(self.tool_cache, "ecsdeploy", self.version,
                              "ecsdeploy-linux-x86_64", "ecsdeploy")
        with open(cached, "w") as f:
            f.write("#!/bin/sh\necho tampered >> \"$RAN_LOG\"\n")
        code, text, _ = self.setup_step(INPUT_VERSION=self.version)
        self.assertEqual(code, 0, text)
        self.assertNotIn("tampered", open(self.ran).read())
        self.assertEqual(open(cached, "rb").read(), self.binary)

    def test_missing_asset_for_the_architecture(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        code, text, _ = self.setup_step(INPUT_VERSION=self.version, RUNNER_ARCH="ARM64")
        self.assert_one_error(code, text, "has no ecsdeploy-linux-arm64", "ecsdeploy-path")

    def test_listed_asset_that_cannot_be_downloaded(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        del self.server.files["/v%s/ecsdeploy-linux-x86_64" % self.version]
        code, text, _ = self.setup_step(INPUT_VERSION=self.version)
        self.assert_one_error(code, text, "HTTP 404", "ecsdeploy-linux-x86_64")

    def test_explicit_version_without_a_release(self):
        code, text, _ = self.setup_step(INPUT_VERSION="9.9.9")
        self.assert_one_error(code, text, "no release v9.9.9", "check the version input")

    def test_malformed_version_input(self):
        code, text, _ = self.setup_step(INPUT_VERSION="latest; rm -rf /")
        self.assert_one_error(code, text, "not a release version")

    def test_unsupported_runner_os_and_architecture(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        for env, needle in (({"RUNNER_OS": "macOS"}, "runner OS macOS"),
                            ({"RUNNER_OS": "Windows"}, "runner OS Windows"),
                            ({"RUNNER_ARCH": "ARM"}, "runner architecture ARM")):
            code, text, _ = self.setup_step(INPUT_VERSION=self.version, **env)
            self.assert_one_error(code, text, needle, "not supported")

    # --- through action.yml ------------------------------------------------------------------

    def test_action_runs_the_verified_release_binary(self):
        self.server.publish(self.version, {"ecsdeploy-linux-x86_64": self.binary})
        action = gha_runner.load(os.path.join(SOURCE, "action.yml"))
        env = dict(os.environ, ECSDEPLOY_RELEASE_URL=self.server.url, RAN_LOG=self.ran,
                   RUNNER_TOOL_CACHE=self.tool_cache, HOME=self.tmp)
        runner = gha_runner.Runner(self.tmp, base_env=env)
        run, outputs = runner.run_composite(
            action, {"command": "status", "cluster": "stg", "service": "web",
                     "version": self.version}, {}, SOURCE)
        self.assertTrue(run.success, run.output())
        self.assertEqual(open(self.ran + ".argv").read().split(),
                         ["status", "--cluster", "stg", "--service", "web"])
        self.assertEqual(outputs["outcome"], "succeeded")

    def test_source_build_saves_its_cache_right_after_building(self):
        action = gha_runner.load(os.path.join(SOURCE, "action.yml"))
        steps = action["runs"]["steps"]
        uses = [s.get("uses", "").split("@")[0] for s in steps]
        self.assertIn("actions/cache/restore", uses)
        self.assertNotIn("actions/cache", uses)  # the combined action saves only at job end
        save = uses.index("actions/cache/save")
        self.assertEqual(steps[save - 1].get("id"), "build")
        self.assertIn("steps.build.outputs.built", steps[save]["if"])
        self.assertEqual(steps[save + 1].get("id"), "run")


if __name__ == "__main__":
    unittest.main()
