#!/usr/bin/env python3
"""ecsdeploy deploy vs the aws CLI baseline on ecs-emulator: prints figures, asserts nothing.

Two measurements from issue 4 ("Performance"), see bench/README.md:

  exit   time from the emulator's steady state to the tool's exit, median over --runs
         deploys per tool (alternating), and the ratio of the medians;
  calls  DescribeServices calls per 2 s (per 10 services) over a long rollout (default
         5 virtual minutes at --calls-speed 1, i.e. 5 real minutes), both tools deploying
         their own service of the same emulator at the same time, told apart by caller.

Loopback only; every deploy and wait is bounded; the emulator is always stopped.
"""

import argparse
import collections
import os
import random
import sys
import threading

import deploy_support as ds


def exit_lag(args):
    """Figure 1: steady state -> exit. Each pair of runs (one per tool) rolls out tags with the
    same random start delay, uniform in [0, --phase-spread) real seconds, so the CLI waiter's
    15 s poll meets the steady state at a random phase, as it would in real use."""
    rng = random.Random(args.seed)
    delays = [rng.uniform(0, args.phase_spread) * args.speed for _ in range(args.runs)]
    tag_delays = {}
    plan = []  # (tool, tag, delay)
    for i, delay in enumerate(delays):
        for j, tool in enumerate(args.tools):
            tag = ds.TAGS[1 + 2 * i + j]
            tag_delays[tag] = delay
            plan.append((tool, tag, delay))
    server = ds.start_emulator(services=1, tasks=args.tasks, speed=args.speed,
                               tag_delays=tag_delays)
    service = "web-0"
    lags = collections.defaultdict(list)
    rss = collections.defaultdict(list)
    try:
        if not ds.wait_steady(server, service):
            print("the service never became steady before the first deploy", file=sys.stderr)
            return 1
        clock = ds.VirtualClockMap(server)
        print(f"== exit lag: 1 service x {args.tasks} tasks, --speed {args.speed:g}, "
              f"{args.runs} runs per tool, start delays 0-{args.phase_spread:g} s real "
              f"(clock map rtt {clock.rtt * 1000:.1f} ms)")
        for tool, tag, delay in plan:
            run = ds.deploy(server, tool, service, tag, args.tasks,
                            timeout=args.run_timeout)
            start_virtual = (run.start - clock.offset) * clock.speed
            steady_v = ds.steady_state_virtual(ds.describe_service(server, service),
                                               start_virtual)
            if run.returncode != 0 or steady_v is None:
                tail = (run.stderr.strip().splitlines() or ["(no output)"])[-1][:200]
                print(f"   {tool:9} {tag:4} exit {run.returncode} after {run.elapsed:.2f} s, "
                      f"steady state {'seen' if steady_v else 'not seen'}: {tail}")
                ds.wait_steady(server, service)
                continue
            lag = run.exit - clock.to_monotonic(steady_v)
            lags[tool].append(lag)
            rss[tool].append(run.max_rss_kb)
            rollout = clock.to_monotonic(steady_v) - run.start
            print(f"   {tool:9} {tag:4} start delay {delay / args.speed:5.2f} s real: "
                  f"run {run.elapsed:6.2f} s, steady after {rollout:6.2f} s, "
                  f"steady -> exit {lag * 1000:7.0f} ms, max RSS {run.max_rss_kb / 1024:.1f} MB")
            sys.stdout.flush()
            ds.wait_steady(server, service)
    finally:
        server.stop()
    med = {tool: ds.median(v) for tool, v in lags.items()}
    for tool in args.tools:
        v = sorted(lags.get(tool, []))
        if v:
            print(f"   {tool}: median steady -> exit {med[tool] * 1000:.0f} ms over {len(v)} runs "
                  f"(min {v[0] * 1000:.0f}, max {v[-1] * 1000:.0f}); "
                  f"max RSS (whole tool incl. children) {max(rss[tool]) / 1024:.1f} MB")
    if med.get("ecsdeploy") and med.get("awscli"):
        print(f"   ratio aws CLI / ecsdeploy medians: {med['awscli'] / med['ecsdeploy']:.1f}x")
    return 0


def summarize_calls(entries, caller, clock):
    mine = [e for e in entries if e.get("caller") == caller]
    by_op = collections.Counter(e["operation"] for e in mine)
    updates = [e for e in mine if e["operation"] == "UpdateService"]
    if not updates:
        return by_op, None
    wait_from = updates[0]["time"]
    waits = [e for e in mine if e["time"] >= wait_from and e is not updates[0]]
    last = max(e["time"] for e in mine)
    window_real = (last - wait_from) / clock.speed
    ds_calls = sum(1 for e in waits if e["operation"] == "DescribeServices")
    other = collections.Counter(e["operation"] for e in waits if e["operation"] != "DescribeServices")
    return by_op, (window_real, ds_calls, other, len(waits))


def call_rate(args):
    """Figure 2: both tools deploy the slow tag to their own service at the same time."""
    server = ds.start_emulator(services=2, tasks=args.tasks, speed=args.calls_speed,
                               slow_start_seconds=args.rollout_seconds)
    services = {"ecsdeploy": "web-0", "awscli": "web-1"}
    runs = {}
    try:
        for s in services.values():
            if not ds.wait_steady(server, s):
                print(f"{s} never became steady", file=sys.stderr)
                return 1
        clock = ds.VirtualClockMap(server)
        since = server.control("GET", "requests?since=999999999")["lastSeq"]
        print(f"== DescribeServices rate: {args.tasks} tasks per service, tag with "
              f"startDelaySeconds {args.rollout_seconds:g} (virtual), --speed {args.calls_speed:g}; "
              f"both tools at once, one service each")
        sys.stdout.flush()
        timeout = args.rollout_seconds / args.calls_speed + 900

        def one(tool):
            runs[tool] = ds.deploy(server, tool, services[tool], ds.SLOW_TAG, args.tasks,
                                   timeout=timeout)

        threads = [threading.Thread(target=one, args=(tool,)) for tool in services]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout + 60)
        entries = ds.requests_since(server, since)
    finally:
        server.stop()
    for tool in services:
        run = runs.get(tool)
        if run is None:
            print(f"   {tool}: did not finish")
            continue
        by_op, wait = summarize_calls(entries, ds.caller_arn(tool), clock)
        print(f"   {tool}: exit {run.returncode} after {run.elapsed:.1f} s real; calls by "
              f"operation: {dict(sorted(by_op.items()))}")
        if wait is None:
            print(f"   {tool}: no UpdateService in the request log (callers seen: "
                  f"{sorted({e.get('caller') for e in entries})})")
            continue
        window, n, other, total = wait
        per2 = 2 * n / window if window > 0 else float("nan")
        print(f"   {tool}: during the wait ({window:.1f} s real after UpdateService): "
              f"{n} DescribeServices = {per2:.3f} calls per 2 s for 1 service "
              f"(one call describes up to 10 services, so also per 10 services); "
              f"other calls {dict(sorted(other.items()))}, all calls {total}")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--part", choices=("exit", "calls", "all"), default="all")
    p.add_argument("--runs", type=int, default=7, help="deploys per tool for the exit lag")
    p.add_argument("--speed", type=float, default=10, help="emulator speed for the exit lag")
    p.add_argument("--phase-spread", type=float, default=15,
                   help="start delays are uniform in [0, this) real seconds")
    p.add_argument("--tasks", type=int, default=2)
    p.add_argument("--tools", type=lambda v: v.split(","), default=["ecsdeploy", "awscli"],
                   help="comma-separated tools for the exit lag (ecsdeploy,awscli)")
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--run-timeout", type=float, default=120)
    p.add_argument("--calls-speed", type=float, default=1,
                   help="emulator speed for the call rate (1 = real time)")
    p.add_argument("--rollout-seconds", type=float, default=270,
                   help="virtual start delay of the new tasks in the call-rate run (~+30 s)")
    args = p.parse_args()
    if not set(args.tools) <= {"ecsdeploy", "awscli"} or not args.tools:
        p.error("--tools: ecsdeploy and/or awscli")
    if not 1 <= args.runs <= 19:
        p.error("--runs must be 1-19 (the scenario has 40 tags)")
    for binary in (ds.cs.emulator_binary(), ds.ecsdeploy_binary()):
        if not os.access(binary, os.X_OK):
            print(f"not built: {binary} (set ECSDEPLOY_BUILD_DIR)", file=sys.stderr)
            return 2
    print(f"deploy bench, {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, build {ds.cs.BUILD_DIR}")
    rc = 0
    if args.part in ("exit", "all"):
        rc |= exit_lag(args)
    if args.part in ("calls", "all"):
        rc |= call_rate(args)
    return rc


if __name__ == "__main__":
    sys.exit(main())
