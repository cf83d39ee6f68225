"""ECS-native strategies: what watching a blue/green deployment costs, and how soon it ends.

Against one ecs-emulator (examples/scenarios/bluegreen.json) at --speed 60, so a virtual hour
is a real minute. Prints, per run and as medians:

- calls per virtual hour during BAKE_TIME and during a PAUSE hook awaiting action
  (DescribeServices + DescribeServiceDeployments in the emulator's request log, attributed to
  the stage by their virtual time);
- exit latency: from the service deployment's finishedAt (SUCCESSFUL) to ecsdeploy's exit,
  in real seconds;
- the same deploy waited by the AWS CLI (`aws ecs wait services-stable`, what most CI
  scripts do), for the ratio.

  ECSDEPLOY_BUILD_DIR=$PWD/build python3 bench/strategies_bench.py --runs 5

Figures only (bench/README.md): no assertion on time.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "support", "py"))

from build_tree import ECSDEPLOY, SOURCE_DIR  # noqa: E402
from ecs_emulator import EcsEmulator, load_scenario, scenario_credentials  # noqa: E402
from ecsdeploy_cli import cli_env  # noqa: E402
from fleet import control, requests  # noqa: E402

SPEED = 60
WATCH_OPS = ("DescribeServices", "DescribeServiceDeployments")
APPROVER = ("AKIAEMULATORAPPROVE01", "emulator/bench/approver/secret/key/0001")


def start(tmp, bake_minutes, pause_minutes):
    scenario = load_scenario(os.path.join(SOURCE_DIR, "examples", "scenarios", "bluegreen.json"))
    cfg = scenario["services"][0]["deploymentConfiguration"]
    cfg["bakeTimeInMinutes"] = bake_minutes
    cfg["lifecycleHooks"][0]["timeoutConfiguration"] = {"timeoutInMinutes": 600,
                                                       "action": "ROLLBACK"}
    scenario["accounts"][0]["users"].append({"name": "approver", "accessKeyId": APPROVER[0],
                                             "secretAccessKey": APPROVER[1]})
    path = os.path.join(tmp, "scenario.json")
    with open(path, "w") as f:
        json.dump(scenario, f)
    key, secret = scenario_credentials(scenario)
    emu = EcsEmulator(path, os.path.join(tmp, "emulator.log"), speed=SPEED).start()
    return emu, key, secret


def boto(emu, key, secret):
    import boto3
    return boto3.client("ecs", endpoint_url=emu.endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret)


def approve_after(emu, ecs, virtual_minutes, marks):
    """Continues the pause hook `virtual_minutes` after it starts awaiting action."""
    def run():
        deadline = time.time() + 600
        while time.time() < deadline:
            svc = ecs.describe_services(cluster="demo", services=["web"])["services"][0]
            sd = ecs.describe_service_deployments(
                serviceDeploymentArns=[svc["currentServiceDeployment"]])["serviceDeployments"][0]
            waiting = [h for h in sd.get("lifecycleHookDetails", [])
                       if h["status"] == "AWAITING_ACTION"]
            if waiting:
                marks["pause_start"] = virtual_now(emu)
                time.sleep(virtual_minutes * 60 / SPEED)
                marks["pause_end"] = virtual_now(emu)
                ecs.continue_service_deployment(serviceDeploymentArn=sd["serviceDeploymentArn"],
                                                hookId=waiting[0]["hookId"], action="CONTINUE")
                return
            time.sleep(0.1)
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def finished_at(ecs):
    svc = ecs.describe_services(cluster="demo", services=["web"])["services"][0]
    sd = ecs.describe_service_deployments(
        serviceDeploymentArns=[svc["currentServiceDeployment"]])["serviceDeployments"][0]
    done = sd.get("finishedAt")
    return sd["status"], done.timestamp() if done is not None else None


def virtual_now(emu):
    return control(emu.endpoint, "GET", "health")["virtualTime"]


def one_run(tool, bake_minutes, pause_minutes):
    """(result, the watching tool's calls as virtual times, pause marks)."""
    tmp = tempfile.mkdtemp(prefix="strategies-bench-")
    emu, key, secret = start(tmp, bake_minutes, pause_minutes)
    try:
        ecs = boto(emu, key, secret)
        approver_ecs = boto(emu, *APPROVER)
        marks = {}
        approver = approve_after(emu, approver_ecs, pause_minutes, marks)
        env = cli_env(emu.endpoint, tmp, key, secret)
        if tool == "ecsdeploy":
            cmd = [ECSDEPLOY, "deploy", "--cluster", "demo", "--service", "web", "--container",
                   "app", "--image-tag", "v1.4.0", "--settle", "0", "--timeout", "2h"]
        else:
            # The waiter waits on an update someone else sent: register and update by boto3.
            td = ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]
            keep = ("family", "taskRoleArn", "executionRoleArn", "networkMode",
                    "containerDefinitions", "requiresCompatibilities", "cpu", "memory")
            new = {k: td[k] for k in keep if k in td}
            image = new["containerDefinitions"][0]["image"]
            new["containerDefinitions"][0]["image"] = image.rsplit(":", 1)[0] + ":v1.4.0"
            arn = ecs.register_task_definition(**new)["taskDefinition"]["taskDefinitionArn"]
            ecs.update_service(cluster="demo", service="web", taskDefinition=arn)
            env = dict(env, AWS_DEFAULT_REGION="us-east-1")
            cmd = ["aws", "ecs", "wait", "services-stable", "--cluster", "demo", "--services",
                   "web"]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        exit_virtual = virtual_now(emu)
        approver.join(5)
        status, done_at = finished_at(ecs)
        calls = [e["time"] for e in requests(emu.endpoint)
                 if e.get("operation") in WATCH_OPS and e.get("caller", "").endswith("/deployer")]
        latency = (exit_virtual - done_at) / SPEED if done_at else None
        return ({"tool": tool, "exit": proc.returncode, "status": status,
                 "latency_s": latency}, sorted(calls), marks)
    finally:
        emu.stop()
        shutil.rmtree(tmp, True)


def per_hour(calls, start, end):
    hours = (end - start) / 3600.0
    return sum(1 for t in calls if start <= t <= end) / hours if hours > 0 else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bake", type=int, default=60, help="bake, virtual minutes")
    ap.add_argument("--pause", type=int, default=60, help="pause held, virtual minutes")
    ap.add_argument("--no-aws-cli", action="store_true")
    a = ap.parse_args()
    results = {"ecsdeploy": [], "aws-cli": []}
    bake_rates, pause_rates = [], []
    for i in range(a.runs):
        for tool in ("ecsdeploy",) + (() if a.no_aws_cli else ("aws-cli",)):
            r, calls, marks = one_run(tool, a.bake, a.pause)
            results[tool].append(r)
            if tool == "ecsdeploy" and "pause_end" in marks:
                # The pause as the approver held it; the bake starts ~40 virtual s after it
                # (production shift) and lasts `bake` minutes: its inner part is counted.
                pause_rates.append(per_hour(calls, marks["pause_start"] + 30, marks["pause_end"]))
                bake_from = marks["pause_end"] + 60
                bake_rates.append(per_hour(calls, bake_from, bake_from + (a.bake - 2) * 60))
            print(json.dumps(r), flush=True)
    for tool, rs in results.items():
        lat = [r["latency_s"] for r in rs if r["latency_s"] is not None]
        if lat:
            print(f"{tool}: exit latency after SUCCESSFUL median {statistics.median(lat):.2f} s "
                  f"(min {min(lat):.2f}, max {max(lat):.2f}, n={len(lat)}); "
                  f"exit 0 in {sum(r['exit'] == 0 for r in rs)}/{len(rs)}")
    if bake_rates:
        print(f"ecsdeploy: watch calls per virtual hour in BAKE_TIME median "
              f"{statistics.median(bake_rates):.0f}, in a pause median "
              f"{statistics.median(pause_rates):.0f} (at --speed {SPEED}; the 1 s floor between "
              f"looks is a virtual minute here, so real-time rates are the engine test's)")
    e = [r["latency_s"] for r in results["ecsdeploy"] if r["latency_s"] is not None]
    w = [r["latency_s"] for r in results["aws-cli"] if r["latency_s"] is not None]
    if e and w and statistics.median(e) > 0:
        print(f"ratio aws-cli/ecsdeploy exit latency: "
              f"{statistics.median(w) / statistics.median(e):.1f}x")


if __name__ == "__main__":
    main()
