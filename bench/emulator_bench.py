#!/usr/bin/env python3
"""ecs-emulator load benchmark: prints figures, asserts nothing (see bench/README.md).

Starts one emulator (scenario with SERVICES services x TASKS tasks, --speed 60, generated in
a temp dir), lets it settle, then drives DescribeServices (10 services per call, rotating
over all services) at RATE requests/s for DURATION seconds over keep-alive connections,
and prints latency percentiles, the achieved rate and the emulator's peak RSS (VmHWM).

With --blue-green N the first N services use the BLUE_GREEN strategy: after settling they are
deployed to a new revision and the load starts once all of them are in BAKE_TIME (both
revisions running, the machine stepping every virtual second).

Requests are signed once up front (a SigV4 signature stays valid for minutes), so the
client spends no time signing during the run; with --auth both it runs a second emulator
with --no-auth to show what verification costs. Loopback only; bounded in time and count.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "emulator_conformance"))

import conformance_support as cs  # noqa: E402
from scenarios import bench_scenario  # noqa: E402


def proc_status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def prepared_requests(server, cluster, services):
    """One signed DescribeServices request per batch of 10 services."""
    batches = [services[i:i + 10] for i in range(0, len(services), 10)]
    out = []
    for batch in batches:
        _, _, data, headers = cs.signed_request(
            server, "ecs", "DescribeServices", {"cluster": cluster, "services": batch})
        out.append((data, headers))
    return out


def wait_until_settled(server, cluster, services, timeout):
    """Waits (bounded) until every service reports runningCount == desiredCount; returns
    True, or a short reason why not."""
    import botocore.exceptions
    ecs = server.client("ecs")
    deadline = time.monotonic() + timeout
    reason = "timed out"
    while time.monotonic() < deadline:
        settled = 0
        try:
            for i in range(0, len(services), 10):
                out = ecs.describe_services(cluster=cluster, services=services[i:i + 10])
                settled += sum(1 for s in out["services"] if s["runningCount"] == s[
                    "desiredCount"] and len(s["deployments"]) == 1)
        except botocore.exceptions.BotoCoreError as e:
            reason = f"DescribeServices failed: {e}"
            break
        if settled == len(services):
            return True
        reason = f"{settled}/{len(services)} services settled"
        time.sleep(1)
    return reason


def start_bakes(server, cluster, names, timeout):
    """Deploys bench:2 to the blue/green services and waits (bounded) until all are in
    BAKE_TIME; returns True or a short reason."""
    if not names:
        return True
    ecs = server.client("ecs")
    arns = [ecs.update_service(cluster=cluster, service=n, taskDefinition="bench:2")[
        "service"]["currentServiceDeployment"] for n in names]
    deadline = time.monotonic() + timeout
    baking = 0
    while time.monotonic() < deadline:
        baking = 0
        for i in range(0, len(arns), 20):
            out = ecs.describe_service_deployments(serviceDeploymentArns=arns[i:i + 20])
            baking += sum(1 for d in out["serviceDeployments"]
                          if d.get("lifecycleStage") == "BAKE_TIME"
                          and d["status"] == "IN_PROGRESS")
        if baking == len(arns):
            return True
        time.sleep(1)
    return f"{baking}/{len(arns)} blue/green services in BAKE_TIME"


def worker(port, requests, schedule, deadline, results, errors, quickack):
    """Sends requests at the scheduled monotonic instants over one keep-alive connection;
    gives up on whatever is left at `deadline` (unsent requests are counted by the caller)."""
    conn = http.client.HTTPConnection(cs.LOOPBACK, port, timeout=10)
    for i, at in enumerate(schedule):
        if time.monotonic() > deadline:
            break
        delay = at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        data, headers = requests[i % len(requests)]
        started = time.monotonic()
        try:
            conn.request("POST", "/", body=data, headers=headers)
            if quickack:  # ACK at once, so a server's Nagle-delayed segment is not held back
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                errors.append(f"{resp.status} {body[:120]!r}")
                continue
        except (OSError, http.client.HTTPException) as e:
            errors.append(repr(e))
            conn.close()
            conn = http.client.HTTPConnection(cs.LOOPBACK, port, timeout=10)
            continue
        results.append((time.monotonic() - started, time.monotonic() - at))
    conn.close()


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def run(args, no_auth):
    scenario, cluster, services = bench_scenario(args.services, args.tasks, args.blue_green)
    server = cs.EmulatorServer(scenario, speed=args.speed, seed=1, no_auth=no_auth)
    server.start()
    try:
        t0 = time.monotonic()
        settled = wait_until_settled(server, cluster, services, timeout=args.settle_timeout)
        if settled is True:
            settled = start_bakes(server, cluster, services[:args.blue_green],
                                  timeout=args.settle_timeout)
        settle_s = time.monotonic() - t0
        requests = prepared_requests(server, cluster, services)
        total = int(args.rate * args.duration)
        start = time.monotonic() + 0.5
        per_thread = [[] for _ in range(args.connections)]
        for i in range(total):
            per_thread[i % args.connections].append(start + i / args.rate)
        results, errors = [], []
        cpu_before = cpu_seconds(server.pid)
        deadline = start + args.duration + 15
        threads = [threading.Thread(target=worker, args=(server.port, requests, sched, deadline,
                                                         results, errors, args.quickack),
                                    daemon=True)
                   for sched in per_thread]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.duration + 60)  # workers stop by `deadline` + one timeout
        elapsed = time.monotonic() - start
        cpu_used = cpu_seconds(server.pid) - cpu_before
        status = proc_status(server.pid)
    finally:
        server.stop()
    service_ms = sorted(r[0] * 1000 for r in results)
    sched_ms = sorted(r[1] * 1000 for r in results)
    return {
        "mode": "--no-auth" if no_auth else "SigV4 verified",
        "settled": settled, "settle_s": settle_s,
        "sent": total, "ok": len(results), "errors": len(errors),
        "unsent": total - len(results) - len(errors),
        "first_error": errors[0] if errors else "",
        "rate": len(results) / elapsed if elapsed > 0 else 0.0,
        "p50": percentile(service_ms, 50), "p90": percentile(service_ms, 90),
        "p99": percentile(service_ms, 99), "max": service_ms[-1] if service_ms else float("nan"),
        "mean": statistics.fmean(service_ms) if service_ms else float("nan"),
        "p99_from_schedule": percentile(sched_ms, 99),
        "cpu_s": cpu_used, "elapsed_s": elapsed,
        "vm_hwm": status.get("VmHWM", "?"), "vm_rss": status.get("VmRSS", "?"),
    }


def report(r, args):
    print(f"== {r['mode']}: {args.services} services x {args.tasks} tasks"
          f"{f' ({args.blue_green} BLUE_GREEN mid-bake)' if args.blue_green else ''}, "
          f"--speed {args.speed}, "
          f"{args.rate:g} DescribeServices/s (10 services each) for {args.duration:g} s "
          f"over {args.connections} keep-alive connections"
          f"{', client TCP_QUICKACK' if args.quickack else ''}")
    print(f"   settled before load: {r['settled']} ({r['settle_s']:.1f} s)")
    print(f"   requests: {r['ok']} ok / {r['sent']} scheduled, {r['errors']} errors, "
          f"{r['unsent']} not sent by the deadline {r['first_error']}")
    print(f"   achieved rate: {r['rate']:.1f} req/s")
    print(f"   latency ms: p50 {r['p50']:.2f}  p90 {r['p90']:.2f}  p99 {r['p99']:.2f}  "
          f"max {r['max']:.2f}  mean {r['mean']:.2f}  (p99 incl. client lag "
          f"{r['p99_from_schedule']:.2f})")
    print(f"   emulator CPU: {r['cpu_s']:.2f} s over {r['elapsed_s']:.1f} s "
          f"({100 * r['cpu_s'] / max(r['elapsed_s'], 1e-9):.0f}% of one core)")
    print(f"   emulator memory: peak RSS (VmHWM) {r['vm_hwm']}, RSS at end {r['vm_rss']}")
    sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--services", type=int, default=100)
    p.add_argument("--tasks", type=int, default=20)
    p.add_argument("--speed", type=float, default=60)
    p.add_argument("--rate", type=float, default=200)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--connections", type=int, default=4)
    p.add_argument("--settle-timeout", type=float, default=60)
    p.add_argument("--blue-green", type=int, default=0,
                   help="this many of the services are BLUE_GREEN and mid-bake during the load")
    p.add_argument("--auth", choices=("on", "off", "both"), default="both")
    p.add_argument("--quickack", action="store_true",
                   help="client sets TCP_QUICKACK before each read: isolates the server's cost "
                        "from Nagle/delayed-ACK stalls when the server does not set TCP_NODELAY")
    args = p.parse_args()
    if not 0 < args.rate * args.duration <= 20000:
        p.error("rate x duration must stay within 20000 requests")
    if not os.access(cs.emulator_binary(), os.X_OK):
        print(f"ecs-emulator is not built at {cs.emulator_binary()}", file=sys.stderr)
        return 2
    print(f"ecs-emulator bench, {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    modes = {"on": [False], "off": [True], "both": [False, True]}[args.auth]
    for no_auth in modes:
        report(run(args, no_auth), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
