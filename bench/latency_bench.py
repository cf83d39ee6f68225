#!/usr/bin/env python3
"""ecsdeploy start-up costs: prints figures, asserts nothing (see bench/README.md).

Two measurements from issue 4 ("Performance"):

  prewait  time before the wait begins (preflight + register + update): from the tool's
           spawn (and from its first call's send) to its UpdateService response, with
           --latency ms injected into every emulator call (fault rule type "latency") and
           without, median over --runs, for each way of giving ecsdeploy its target
           (--configs: a config file with family and ECR repository, one with the family
           only, flags only); ratio to the latency (target under 4x) and the sequential
           levels of calls read from the request log. The instant comes from the emulator's
           request log (the UpdateService entry is stamped just before the injected delay,
           so the response reaches the tool one latency later);
  start    cold start of `ecsdeploy --version` (median of --start-runs spawns, and hyperfine's
           figure when hyperfine is installed) and the peak memory (max RSS from wait4) of a
           whole deploy.

Loopback only; bounded in time and count; the emulator is always stopped.
"""

import argparse
import collections
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import deploy_support as ds


def levels(clock, entries, latency_ms):
    """The calls grouped into sequential levels: with an injected latency, calls sent together
    are logged within a few ms of each other (real time; the log has virtual time), and the
    next level comes a latency later."""
    groups = []
    last = None
    for e in entries:
        t = clock.to_monotonic(e["time"])
        if last is None or (t - last) * 1000 > latency_ms / 2:
            groups.append([])
        groups[-1].append(e["operation"])
        last = t
    return groups


def prewait_runs(server, clock, tool, runs, latency_ms, tag_iter, service, desired, config):
    out = []
    for _ in range(runs):
        tag = next(tag_iter)
        run = ds.deploy(server, tool, service, tag, desired, timeout=180, config=config)
        entries = [e for e in ds.requests_since(server, run.log_since)
                   if e.get("caller") == ds.caller_arn(tool)]
        updates = [e for e in entries if e["operation"] == "UpdateService"]
        if run.returncode != 0 or not updates:
            tail = (run.stderr.strip().splitlines() or ["(no output)"])[-1][:200]
            print(f"   {tool} {tag}: exit {run.returncode}, UpdateService "
                  f"{'seen' if updates else 'not seen'}: {tail}")
            ds.wait_steady(server, service)
            continue
        update = updates[0]
        before = [e for e in entries if e["seq"] < update["seq"]]
        prewait = clock.to_monotonic(update["time"]) + latency_ms / 1000 - run.start
        ops = collections.Counter(e["operation"] for e in before)
        # When each call was answered, in ms after the spawn: parallel calls share an instant.
        timeline = [(e["operation"], (clock.to_monotonic(e["time"]) - run.start) * 1000
                     + latency_ms) for e in before + [update]]
        # The same span without the process start: from the first call's send (its answer
        # minus the injected latency) to the UpdateService answer.
        chain = prewait - (timeline[0][1] - latency_ms) / 1000
        out.append((prewait, len(before) + 1, ops, run, timeline, chain,
                    levels(clock, before + [update], latency_ms) if latency_ms else None))
        ds.wait_steady(server, service)
    return out


def prewait(args):
    server = ds.start_emulator(services=1, tasks=args.tasks, speed=args.speed)
    service = "web-0"
    tags = itertools.cycle(ds.TAGS[1:])  # each deploy changes the image: a new revision
    configs = args.configs.split(",")
    results = {}
    try:
        if not ds.wait_steady(server, service):
            print("the service never became steady", file=sys.stderr)
            return 1, []
        clock = ds.VirtualClockMap(server)
        print(f"== time before the wait: 1 service x {args.tasks} tasks, --speed {args.speed:g}, "
              f"{args.runs} ecsdeploy runs per target config ({', '.join(configs)}) and "
              f"{args.cli_runs} aws CLI runs per latency")
        for latency in (0, args.latency):
            if latency:
                server.control("POST", "faults",
                               {"rules": [{"type": "latency", "latencyMs": latency}]})
            else:
                server.control("DELETE", "faults")
            plan = [("ecsdeploy", config, args.runs) for config in configs]
            plan.append(("awscli", "-", args.cli_runs))
            for tool, config, n in plan:
                if n:
                    results[(tool, config, latency)] = prewait_runs(
                        server, clock, tool, n, latency, tags, service, args.tasks, config)
        server.control("DELETE", "faults")
    finally:
        server.stop()
    base = {}
    rss = []
    for (tool, config, latency), rows in results.items():
        name = tool if tool == "awscli" else f"{tool} ({config})"
        if not rows:
            print(f"   {name} at {latency} ms: no successful run")
            continue
        med = ds.median([r[0] for r in rows])
        calls = ds.median([r[1] for r in rows])
        chain = ds.median([r[5] for r in rows])
        if latency == 0:
            base[(tool, config)] = med
        if tool == "ecsdeploy":
            rss += [r[3].max_rss_kb for r in rows]
        ops = rows[-1][2]
        line = (f"   {name:22} latency {latency:3d} ms: median {med * 1000:6.0f} ms before the wait "
                f"({calls:.0f} calls up to and incl. UpdateService; last run: "
                f"{dict(sorted(ops.items()))})")
        line += f"; from the first call's send: median {chain * 1000:.0f} ms"
        if latency:
            line += (f"; {med * 1000 / latency:.1f}x the latency from spawn, "
                     f"{chain * 1000 / latency:.1f}x from the first send")
            if (tool, config) in base and tool == "ecsdeploy":
                extra = med - base[(tool, config)]
                line += (f"; {extra * 1000:.0f} ms over the no-latency run = "
                         f"{extra * 1000 / latency:.1f} sequential round trips")
        print(line)
        print("      last run's answers (ms after spawn): " +
              ", ".join(f"{op} {ms:.0f}" for op, ms in rows[-1][4]))
        if rows[-1][6]:
            counts = sorted({len(r[6]) for r in rows})
            print(f"      sequential levels (request log): {counts} over {len(rows)} runs; last: " +
                  " -> ".join("[" + ", ".join(g) + "]" for g in rows[-1][6]))
    return 0, rss


def spawn(argv, env):
    """Wall seconds, exit code and CPU seconds (user + sys) of one spawn."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def spawn_series(argv, env, runs):
    for _ in range(5):
        spawn(argv, env)  # page cache warm, as in any repeated CI run
    walls, cpus, codes = [], [], set()
    for _ in range(runs):
        wall, code, cpu = spawn(argv, env)
        walls.append(wall)
        cpus.append(cpu)
        codes.add(code)
    walls.sort()
    return walls, ds.median(cpus), codes


def gnu_time_rss_kb(argv, env):
    if not ds.GNU_TIME:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "rss")
        subprocess.run([ds.GNU_TIME, "-f", "%M", "-o", out] + argv, env=env, timeout=30,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            return int(f.read().split()[-1])


def cold_start(args, deploy_rss):
    binary = ds.ecsdeploy_binary()
    argv = [binary, "--version"]
    env = {"PATH": "/usr/bin:/bin", "HOME": tempfile.gettempdir()}
    walls, cpu, codes = spawn_series(argv, env, args.start_runs)
    true_walls, true_cpu, _ = spawn_series(["/bin/true"], env, args.start_runs)
    rss = gnu_time_rss_kb(argv, env)
    print(f"== cold start: `ecsdeploy --version`, {args.start_runs} spawns (posix_spawn + wait4)")
    print(f"   wall: median {walls[len(walls) // 2] * 1000:.2f} ms, p90 "
          f"{walls[int(len(walls) * 0.9)] * 1000:.2f} ms, min {walls[0] * 1000:.2f} ms "
          f"(/bin/true the same way: median {true_walls[len(true_walls) // 2] * 1000:.2f} ms, "
          f"min {true_walls[0] * 1000:.2f} ms)")
    print(f"   CPU (user + sys) median {cpu * 1000:.1f} ms (/bin/true {true_cpu * 1000:.1f} ms); "
          f"exit codes {sorted(codes)}; max RSS "
          f"{'n/a' if rss is None else f'{rss / 1024:.1f} MB'}; binary "
          f"{os.path.getsize(binary) / 1e6:.1f} MB")
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        with tempfile.TemporaryDirectory() as tmp:
            export = os.path.join(tmp, "hf.json")
            subprocess.run([hyperfine, "-N", "--warmup", "10", "--runs", str(args.start_runs),
                            "--export-json", export, "--style", "none", f"{binary} --version"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
                           env=env)
            with open(export) as f:
                r = json.load(f)["results"][0]
            print(f"   hyperfine -N: median {r['median'] * 1000:.2f} ms, mean "
                  f"{r['mean'] * 1000:.2f} ± {r['stddev'] * 1000:.2f} ms, min "
                  f"{r['min'] * 1000:.2f} ms; user {r['user'] * 1000:.1f} + system "
                  f"{r['system'] * 1000:.1f} ms")
    else:
        print("   (hyperfine not installed; spawn figure only)")
    if deploy_rss:
        print(f"== peak memory of a whole `ecsdeploy deploy` (max RSS over "
              f"{len(deploy_rss)} deploys): {max(deploy_rss) / 1024:.1f} MB "
              f"(median {ds.median(deploy_rss) / 1024:.1f} MB)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--part", choices=("prewait", "start", "all"), default="all")
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--cli-runs", type=int, default=3)
    p.add_argument("--latency", type=int, default=50, help="ms injected into every call")
    p.add_argument("--speed", type=float, default=20)
    p.add_argument("--tasks", type=int, default=2)
    p.add_argument("--start-runs", type=int, default=200)
    p.add_argument("--configs", default=",".join(ds.CONFIGS),
                   help="how ecsdeploy gets its target, comma-separated: " + ", ".join(ds.CONFIGS))
    args = p.parse_args()
    if any(c not in ds.CONFIGS for c in args.configs.split(",")):
        p.error("--configs takes " + ", ".join(ds.CONFIGS))
    if not 1 <= args.runs <= 50 or not 0 <= args.cli_runs <= 20:
        p.error("--runs must be 1-50 and --cli-runs 0-20")
    if not 1 <= args.start_runs <= 2000:
        p.error("--start-runs must be 1-2000")
    for binary in (ds.cs.emulator_binary(), ds.ecsdeploy_binary()):
        if not os.access(binary, os.X_OK):
            print(f"not built: {binary} (set ECSDEPLOY_BUILD_DIR)", file=sys.stderr)
            return 2
    print(f"latency bench, {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, build {ds.cs.BUILD_DIR}")
    rc, rss = 0, []
    if args.part in ("prewait", "all"):
        rc, rss = prewait(args)
    if args.part in ("start", "all"):
        if not rss:
            server = ds.start_emulator(services=1, tasks=args.tasks, speed=args.speed)
            try:
                ds.wait_steady(server, "web-0")
                run = ds.deploy(server, "ecsdeploy", "web-0", ds.TAGS[1], args.tasks, timeout=180)
                rss = [run.max_rss_kb] if run.returncode == 0 else []
            finally:
                server.stop()
        cold_start(args, rss)
    return rc


if __name__ == "__main__":
    sys.exit(main())
