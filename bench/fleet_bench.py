#!/usr/bin/env python3
"""Fleet deploys under ECS's API limits (issue 12). Prints figures; asserts nothing on time.

Every run is on a fresh ecs-emulator with its ECS token buckets on (POST /_emulator/faults
{"ecsTokenBuckets": true}: the published burst and refill per account and region), a fleet of
services x 2 tasks sharing one family and one ECR repository (tests/support/py/fleet.py), and
deploys tag v2 with the built ecsdeploy:

  single     one service, `deploy --all-services` (the same path as the fleet, 1 entry)
  fleet      N services in one `deploy --all-services` run
  parallel   the same N services by N concurrent single-service runs (`--target web-i`),
             what users do without --services
  big        500 services in one run (succeeds? peak memory)

Figures: wall time (from start to exit), exit code, peak RSS of the ecsdeploy process (GNU
time), throttled answers the emulator gave (request log, fault "bucket"/"throttle"),
RegisterTaskDefinition calls, and DescribeServices per service per minute during the watch
(the calls from the first UpdateService on, divided by the services and by the minutes from
the first UpdateService to the exit: the rollouts run, and the watch's budget accrues, from the
first update). The API floor is what the plan prints: UpdateService beyond
its burst of 50 at 5/s, RegisterTaskDefinition beyond 20 at 1/s.

  ECSDEPLOY_BUILD_DIR=$PWD/build python3 bench/fleet_bench.py [--services 100] [--big 500]
      [--speed 10] [--skip-parallel] [--skip-big]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "support", "py"))

import fleet  # noqa: E402
from build_tree import ECSDEPLOY, EMULATOR, skip_unless_built  # noqa: E402
from ecs_emulator import EcsEmulator  # noqa: E402
from ecsdeploy_cli import cli_env  # noqa: E402

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


class Fleet:
    def __init__(self, services, speed):
        self.dir = tempfile.mkdtemp(prefix="ecsdeploy-fleet-bench-")
        self.services = services
        path = fleet.write(self.dir, services)
        self.emulator = EcsEmulator(path, os.path.join(self.dir, "emulator.log"), speed=speed)
        self.speed = speed

    def __enter__(self):
        self.emulator.start(timeout=60)
        fleet.control(self.emulator.endpoint, "POST", "faults", {"ecsTokenBuckets": True})
        self.env = cli_env(self.emulator.endpoint, self.dir, fleet.KEY_ID, fleet.SECRET,
                           extra={"NO_COLOR": "1"})
        return self

    def __exit__(self, *exc):
        self.emulator.stop()
        subprocess.run(["rm", "-rf", self.dir])

    def argv(self, target=None):
        rss = os.path.join(self.dir, "rss-%s" % (target or "all"))
        select = ["--target", target] if target else ["--all-services"]
        argv = [ECSDEPLOY, "deploy", *select, "--image-tag", "v2", "--output", "json",
                "--timeout", "20m"]
        return ([GNU_TIME, "-f", "%M", "-o", rss] + argv if GNU_TIME else argv), rss

    def start(self, target=None):
        argv, rss = self.argv(target)
        p = subprocess.Popen(argv, env=self.env, cwd=self.dir, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        return p, rss

    def log(self):
        return fleet.requests(self.emulator.endpoint)


def rss_mb(path):
    try:
        with open(path) as f:
            return int(f.read().split()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return float("nan")


def watch_rate(log, services, wall_after_update):
    """DescribeServices per service per (real) minute from the first UpdateService on."""
    updates = [e["time"] for e in log if e.get("operation") == "UpdateService"]
    if not updates or wall_after_update <= 0:
        return float("nan")
    first = min(updates)
    calls = sum(1 for e in log if e.get("operation") == "DescribeServices" and e["time"] >= first)
    return calls / services / (wall_after_update / 60)


def one_run(services, speed, label):
    with Fleet(services, speed) as f:
        t0 = time.monotonic()
        p, rss = f.start()
        out, err = p.communicate(timeout=3600)
        wall = time.monotonic() - t0
        log = f.log()
        # The real time from the first UpdateService to the exit: the log stamps virtual time.
        health = fleet.control(f.emulator.endpoint, "GET", "health")
        updates = [e["time"] for e in log if e.get("operation") == "UpdateService"]
        after = (health["virtualTime"] - min(updates)) / speed if updates else 0
        try:
            outcomes = [s["outcome"] for s in json.loads(out)["services"]]
        except (ValueError, KeyError):
            outcomes = []
        throttled = sum(1 for e in log if e.get("fault") in ("bucket", "throttle"))
        plan_floor = 0.0
        for line in err.splitlines():
            if "the ECS API limits allow them in no less than" in line:
                plan_floor = parse_duration(line.split("no less than ")[1].split(" ")[0])
        r = {"label": label, "services": services, "wall_s": wall, "exit": p.returncode,
             "succeeded": outcomes.count("succeeded"), "rss_mb": rss_mb(rss),
             "throttled": throttled, "register": fleet.count(log, "RegisterTaskDefinition"),
             "describe_services": fleet.count(log, "DescribeServices"),
             "ds_per_service_min": watch_rate(log, services, after),
             "floor_s": plan_floor, "requests": len(log)}
        if p.returncode != 0:
            r["stderr_tail"] = err[-1500:]
        return r


def parse_duration(text):
    """'10s', '1m30s', '200ms' -> seconds."""
    total, num = 0.0, ""
    i = 0
    while i < len(text):
        c = text[i]
        if c.isdigit() or c == ".":
            num += c
        elif text.startswith("ms", i):
            total += float(num or 0) / 1000
            num = ""
            i += 1
        elif c in "hms":
            total += float(num or 0) * {"h": 3600, "m": 60, "s": 1}[c]
            num = ""
        i += 1
    return total


def parallel_runs(services, speed):
    with Fleet(services, speed) as f:
        t0 = time.monotonic()
        procs = [f.start(name) for name in fleet.service_names(services)]
        exits, peak = [], 0.0
        for p, rss in procs:
            p.communicate(timeout=3600)
            exits.append(p.returncode)
            peak = max(peak, rss_mb(rss))
        wall = time.monotonic() - t0
        log = f.log()
        return {"label": "parallel", "services": services, "wall_s": wall,
                "exit": max(exits), "succeeded": exits.count(0), "rss_mb": peak,
                "throttled": sum(1 for e in log if e.get("fault") in ("bucket", "throttle")),
                "register": fleet.count(log, "RegisterTaskDefinition"),
                "describe_services": fleet.count(log, "DescribeServices"),
                "ds_per_service_min": float("nan"), "floor_s": 0.0, "requests": len(log)}


def show(r):
    print("%-9s %4d services: %7.1f s  exit %d  %d ok  peak RSS %5.1f MB  throttled %4d  "
          "RegisterTaskDefinition %3d  DescribeServices %4d (%.2f per service per min in the "
          "watch)  plan floor %.0f s  requests %d" % (
              r["label"], r["services"], r["wall_s"], r["exit"], r["succeeded"], r["rss_mb"],
              r["throttled"], r["register"], r["describe_services"], r["ds_per_service_min"],
              r["floor_s"], r["requests"]))
    if "stderr_tail" in r:
        print("    stderr: " + r["stderr_tail"].replace("\n", "\n    "))
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=100)
    ap.add_argument("--big", type=int, default=500)
    ap.add_argument("--speed", type=float, default=10)
    ap.add_argument("--skip-parallel", action="store_true")
    ap.add_argument("--skip-big", action="store_true")
    args = ap.parse_args()
    skip_unless_built(ECSDEPLOY, EMULATOR)
    print("emulator --speed %g, ECS token buckets on, 2 tasks per service, one family" %
          args.speed)
    single = one_run(1, args.speed, "single")
    show(single)
    many = one_run(args.services, args.speed, "fleet")
    show(many)
    target = 1.2 * single["wall_s"] + many["floor_s"]
    print("fleet / (1.2 x single + floor): %.1f s vs %.1f s (ratio %.2f; <= 1 meets the target)"
          % (many["wall_s"], target, many["wall_s"] / target))
    if not args.skip_parallel:
        par = parallel_runs(args.services, args.speed)
        show(par)
        print("parallel single runs / one fleet run: %.2f x the wall time, %d of %d succeeded"
              % (par["wall_s"] / many["wall_s"], par["succeeded"], args.services))
    if not args.skip_big:
        show(one_run(args.big, args.speed, "big"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
