"""Shared helpers for the emulator conformance suites.

Checks are written once as mixins of BackendTestCase and instantiated per backend with
per_backend(): the same boto3 calls run against ecs-emulator and the image's moto_server.
The clients are peers nobody on the team wrote, so they are the judges of faithfulness.
Servers live in servers.py, hand-built requests in raw_requests.py; both are re-exported
here so a suite needs one import.
"""

import contextlib
import os
import sys
import unittest

from raw_requests import TARGET_PREFIX, error_code, raw_call, signed_request  # noqa: F401
from shape_checker import error_body_problems, wire_problems
from servers import (ACCESS_KEY, ACCOUNT, BUILD_DIR, LOOPBACK, REGION, SECRET_KEY,  # noqa: F401
                     SOURCE_DIR, EmulatorServer, MotoServer, Server, emulator_binary,
                     free_port, start_backend)

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

    def setUp(self):
        self.server.responses.clear()

    def tearDown(self):
        """Every 200 answer any client of this server parsed during the test must match its
        modeled output shape on the wire (see shape_checker.py), not only the ones a test
        looks at."""
        problems = []
        for service, operation, status, body in self.server.responses:
            if status == 200:
                problems += wire_problems(service, operation, body)
            else:
                problems += error_body_problems(operation, status, body)
        self.server.responses.clear()
        self.assertEqual([], problems, "responses that do not match the botocore model")

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
