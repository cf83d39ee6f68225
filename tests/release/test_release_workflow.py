"""The release workflow (.github/workflows/release.yml) run by the local workflow runner
(tests/workflows/gha_runner.py), offline: every run: step executes for real in a scratch
workspace where the heavy commands are stand-ins (scripts/test.sh, scripts/release.sh write
what they would; apt-get and gh are recorders on PATH), and the actions are local callbacks.
It proves the step wiring: a tag that is not the project version stops the release, the
binaries and SHA256SUMS reach provenance and the GitHub release, and the job asks for exactly
the permissions it uses.
"""

import os
import shutil
import stat
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "tests", "workflows"))
import gha_runner  # noqa: E402

WORKFLOW = os.path.join(SOURCE, ".github", "workflows", "release.yml")
ASSETS = ["dist/ecsdeploy-linux-x86_64", "dist/ecsdeploy-linux-arm64", "dist/BUILD_INFO",
          "dist/SHA256SUMS"]

STAND_INS = {
    "scripts/test.sh": 'echo "test.sh SKIP_RELEASE=$SKIP_RELEASE" >> "$RECORD"\n',
    "scripts/release.sh": (
        'echo "release.sh $* build=$ECSDEPLOY_BUILD_DIR" >> "$RECORD"\n'
        'mkdir -p dist\n'
        'for a in x86_64 arm64; do echo "binary $a" > dist/ecsdeploy-linux-$a; done\n'
        'printf "version=0\\ncommit=%s\\n" "$ECSDEPLOY_COMMIT_FULL" > dist/BUILD_INFO\n'
        '(cd dist && sha256sum BUILD_INFO ecsdeploy-linux-* > SHA256SUMS)\n'),
    "bin/apt-get": 'echo "apt-get $*" >> "$RECORD"\n',
    "bin/git": 'echo "git $*" >> "$RECORD"\n',
    "bin/gh": ('echo "gh $*" >> "$RECORD"\n'
               'if [ "$1 $2" = "release view" ]; then exit 1; fi\n'),
}


def version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        for line in f:
            if line.startswith("project(ecsdeploy VERSION "):
                return line.split()[2]
    raise AssertionError("no project(VERSION)")


class TagRunner(gha_runner.Runner):
    """The local runner, with the github context of a tag push."""

    def __init__(self, workspace, tag, **kw):
        super().__init__(workspace, **kw)
        self.tag = tag

    def context(self, steps, inputs, env, action_path=""):
        ctx = super().context(steps, inputs, env, action_path)
        ctx["github"].update({"ref_name": self.tag, "ref": "refs/tags/" + self.tag,
                              "token": "ghs_fake"})
        return ctx


class ReleaseWorkflowTest(unittest.TestCase):
    def setUp(self):
        self.ws = tempfile.mkdtemp(prefix="release-workflow-")
        self.addCleanup(shutil.rmtree, self.ws, True)
        shutil.copy(os.path.join(SOURCE, "CMakeLists.txt"), self.ws)
        for rel, body in STAND_INS.items():
            path = os.path.join(self.ws, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write("#!/usr/bin/env bash\nset -e\n" + body)
            os.chmod(path, stat.S_IRWXU)
        self.record = os.path.join(self.ws, "record.log")
        self.attested = []
        self.workflow = gha_runner.load(WORKFLOW)
        # The cache step's key uses hashFiles(), which the local runner does not evaluate;
        # caching changes no outcome, so that step is left out.
        steps = self.workflow["jobs"]["release"]["steps"]
        self.steps_all = list(steps)
        steps[:] = [s for s in steps if not s.get("uses", "").startswith("actions/cache@")]

    def run_release(self, tag):
        def noop(runner, step, with_inputs, env, files):
            return "success", {}, "", ""

        def attest(runner, step, with_inputs, env, files):
            subjects = with_inputs["subject-path"].split()
            missing = [s for s in subjects if not os.path.exists(os.path.join(self.ws, s))]
            self.attested.extend(subjects)
            return ("failure" if missing else "success"), {}, "missing %s" % missing, ""

        env = dict(os.environ, RECORD=self.record,
                   PATH=os.path.join(self.ws, "bin") + ":" + os.environ["PATH"])
        runner = TagRunner(self.ws, tag, base_env=env, uses={
            "actions/checkout@": noop,
            "actions/attest-build-provenance@": attest})
        return runner.run_job(self.workflow, "release")

    def recorded(self):
        if not os.path.exists(self.record):
            return []
        with open(self.record) as f:
            return f.read().splitlines()

    def test_a_version_tag_builds_checks_attests_and_publishes(self):
        run = self.run_release("v" + version())
        self.assertTrue(run.success, run.output())
        lines = self.recorded()
        self.assertIn("apt-get install -y -qq --no-install-recommends git ca-certificates sudo "
                      "python3 python3-yaml gh", lines)
        self.assertIn("test.sh SKIP_RELEASE=1", lines)
        release = [l for l in lines if l.startswith("release.sh")]
        self.assertEqual(len(release), 1, lines)
        self.assertIn("--check", release[0])  # both architectures, with their checks
        self.assertNotIn("--arch", release[0])
        self.assertTrue(release[0].endswith("/build-test"), release[0])
        self.assertEqual(sorted(self.attested), sorted(ASSETS[:3]))
        (create,) = [l for l in lines if l.startswith("gh release create")]
        for asset in ASSETS:
            self.assertIn(asset, create)
        self.assertIn("--verify-tag", create)

    def test_a_tag_that_is_not_the_project_version_stops_the_release(self):
        run = self.run_release("v99.0.0")
        self.assertFalse(run.success)
        (error,) = run.annotations("error")
        self.assertIn("is not the project version", error)
        self.assertFalse([l for l in self.recorded() if l.startswith(("release.sh", "gh "))])

    def test_trigger_permissions_and_pins(self):
        self.assertEqual(self.workflow["on"], {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}})
        self.assertEqual(self.workflow["permissions"], {"contents": "read"})
        job = self.workflow["jobs"]["release"]
        self.assertEqual(job["permissions"], {"contents": "write", "id-token": "write",
                                              "attestations": "write"})
        self.assertEqual(job["container"]["image"], "debian:12")  # Debian's own toolchain
        self.assertEqual(len(self.steps_all) - len(job["steps"]), 1)  # only the cache left out
        for step in self.steps_all:
            uses = step.get("uses", "")
            if uses.startswith(("actions/checkout@", "actions/attest-build-provenance@")):
                self.assertRegex(uses, r"@[0-9a-f]{40}$")


if __name__ == "__main__":
    unittest.main()
