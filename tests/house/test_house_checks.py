"""The checks that keep the house true (scripts/check_layers.py, check_format.sh,
check_tidy.sh) pass on the tree and fail on a planted violation: a check that cannot fail
would be a defect."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.environ.get("ECSDEPLOY_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPTS = os.path.join(ROOT, "scripts")


def run(*cmd, env=None):
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class LayerCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="house-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def check(self):
        return run("python3", os.path.join(SCRIPTS, "check_layers.py"), self.tmp)

    def test_the_tree_passes(self):
        r = run("python3", os.path.join(SCRIPTS, "check_layers.py"), ROOT)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_downward_includes_pass(self):
        write(self.tmp, "src/engine/a.h", '#include "services/b.h"\n#include "util/c.h"\n')
        write(self.tmp, "src/cli/d.cpp", '#include "engine/a.h"\n#include "cli/e.h"\n')
        r = self.check()
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_a_header_only_upward_include_fails(self):
        write(self.tmp, "src/aws/retry.h", '#pragma once\n#include "engine/watch.h"\n')
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("src/aws/retry.h: includes engine/watch.h", r.stderr)

    def test_the_emulator_including_client_code_fails(self):
        write(self.tmp, "emulator/core/x.cpp", '#include "util/result.h"\n')
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("the emulator shares no code with the client", r.stderr)

    def test_product_code_including_test_helpers_fails(self):
        write(self.tmp, "src/engine/watch.cpp", '#include "support/manual_clock.h"\n')
        write(self.tmp, "src/engine/watch_test.cpp", '#include "support/manual_clock.h"\n')
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("src/engine/watch.cpp", r.stderr)
        self.assertNotIn("watch_test.cpp", r.stderr)


class FormatCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="house-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        shutil.copy(os.path.join(ROOT, ".clang-format"), self.tmp)

    def check(self, **extra):
        env = dict(os.environ, **extra)
        return run("bash", os.path.join(SCRIPTS, "check_format.sh"), self.tmp, env=env)

    def test_formatted_sources_pass(self):
        write(self.tmp, "src/util/ok.cpp", "int twice(int x) {\n  return 2 * x;\n}\n")
        r = self.check()
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_a_drift_fails_and_fix_repairs_it(self):
        path = write(self.tmp, "emulator/core/bad.cpp", "int twice( int x ){ return 2*x; }\n")
        r = self.check()
        self.assertEqual(r.returncode, 1)
        self.assertIn("bad.cpp", r.stderr)
        self.assertEqual(self.check(FIX="1").returncode, 0)
        self.assertEqual(self.check().returncode, 0)
        with open(path, encoding="utf-8") as f:
            self.assertIn("int twice(int x)", f.read())


@unittest.skipUnless(shutil.which("clang-tidy-14") or shutil.which("clang-tidy"), "no clang-tidy")
class TidyCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="house-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        shutil.copy(os.path.join(ROOT, ".clang-tidy"), self.tmp)

    def check(self, source):
        path = write(self.tmp, "src/util/planted.cpp", source)
        with open(os.path.join(self.tmp, "compile_commands.json"), "w") as f:
            json.dump([{"directory": self.tmp, "file": path,
                        "command": f"c++ -std=c++20 -Wno-restrict -c {path}"}], f)
        return run("bash", os.path.join(SCRIPTS, "check_tidy.sh"), self.tmp, path)

    def test_clean_code_passes(self):
        r = self.check("#include <string>\nstd::size_t n(const std::string& s) {\n"
                       "  return s.size();\n}\n")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_a_bug_the_curated_checks_know_fails(self):
        # bugprone-use-after-move
        r = self.check("#include <string>\n#include <utility>\n"
                       "std::size_t f(std::string s) {\n  std::string t = std::move(s);\n"
                       "  return s.size() + t.size();\n}\n")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("use-after-move", r.stderr)


if __name__ == "__main__":
    unittest.main()
