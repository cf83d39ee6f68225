"""Where the sources and the built binaries are, for the python test suites.

ctest sets ECSDEPLOY_SOURCE_DIR and ECSDEPLOY_BUILD_DIR; run by hand, the defaults are this
checkout and its build/ directory. Every path is absolute, so a test may run a binary from
any working directory (the suites use a temporary one as HOME and cwd).
"""

import os
import unittest

SOURCE_DIR = os.path.abspath(os.environ.get(
    "ECSDEPLOY_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..")))
BUILD_DIR = os.path.abspath(os.environ.get("ECSDEPLOY_BUILD_DIR",
                                           os.path.join(SOURCE_DIR, "build")))
ECSDEPLOY = os.path.join(BUILD_DIR, "src", "ecsdeploy")
EMULATOR = os.path.join(BUILD_DIR, "emulator", "ecs-emulator")
DEMO_SCENARIO = os.path.join(SOURCE_DIR, "examples", "scenarios", "demo.json")


def skip_unless_built(*binaries):
    """For setUpClass: skips the suite when a binary it runs has not been built."""
    for path in binaries:
        if not os.path.exists(path):
            raise unittest.SkipTest(path + " not built")
