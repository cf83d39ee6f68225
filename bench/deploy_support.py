"""Shared pieces of the deploy benchmarks (deploy_bench.py, latency_bench.py).

Builds the bench scenario, starts ecs-emulator on loopback (through the conformance suite's
EmulatorServer, which always stops it), runs one deploy with ecsdeploy or with the aws CLI
baseline (aws_cli_deploy.sh) and returns what the benchmarks measure: monotonic start and
exit instants, exit code, child max RSS, the output, and the emulator's request log.

Times: the emulator stamps events and log entries with its virtual clock (virtual seconds =
start + speed x real seconds). VirtualClockMap samples /_emulator/health and converts a
virtual instant to this process's time.monotonic(), so "steady state -> tool exit" is a
difference of two monotonic instants.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "emulator_conformance"))

import conformance_support as cs  # noqa: E402

ACCOUNT = cs.ACCOUNT
REGION = cs.REGION
CLUSTER = "bench"
CONTAINER = "app"
REPOSITORY = "web"
TAGS = [f"v{i}" for i in range(1, 41)]
SLOW_TAG = "v-slow"  # becomes healthy only after startDelaySeconds (the long rollout)
# One user per tool, so the request log's caller tells their calls apart in a shared run.
USERS = {
    "ecsdeploy": ("AKIABENCHECSDEPLOY01", "bench/ecsdeploy/secret/not/a/real/one/01"),
    "awscli": ("AKIABENCHAWSCLI00001", "bench/awscli/secret/not/a/real/one/0001"),
    "harness": ("AKIABENCHHARNESS0001", "bench/harness/secret/not/a/real/one/001"),
}
CLI_SCRIPT = os.path.join(HERE, "aws_cli_deploy.sh")
# GNU time measures max RSS from a small parent: wait4() from this Python process would also
# count the pages the child shared with it before exec (tens of MB with boto3 loaded).
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def ecsdeploy_binary():
    return os.path.join(cs.BUILD_DIR, "src", "ecsdeploy")


def image(tag):
    return f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{REPOSITORY}:{tag}"


def scenario(services, tasks, slow_start_seconds=270.0, jitter=0.1, tag_delays=None):
    """`services` steady services web-0.. of `tasks` tasks each, family == service name,
    circuit breaker with rollback; ECR repository `web` holding TAGS and SLOW_TAG.
    tag_delays {tag: virtual seconds} adds a start delay to those tags' tasks."""
    families = [f"web-{i}" for i in range(services)]
    images = {SLOW_TAG: {"behavior": "healthy", "startDelaySeconds": slow_start_seconds}}
    for tag, delay in (tag_delays or {}).items():
        images[tag] = {"behavior": "healthy", "startDelaySeconds": delay}
    task_definitions = [{
        "family": family,
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "executionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/web-execution",
        "taskRoleArn": f"arn:aws:iam::{ACCOUNT}:role/web-task",
        "containerDefinitions": [{
            "name": CONTAINER,
            "image": image(TAGS[0]),
            "essential": True,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/web", "awslogs-region": REGION,
                "awslogs-stream-prefix": family}},
        }],
    } for family in families]
    return {
        "description": "ecsdeploy deploy benchmarks (bench/deploy_support.py)",
        "region": REGION,
        "accounts": [{
            "id": ACCOUNT,
            "users": [{"name": name, "accessKeyId": key, "secretAccessKey": secret}
                      for name, (key, secret) in USERS.items()],
        }],
        "timings": {"jitter": jitter},
        "logGroups": ["/ecs/web"],
        "clusters": [{"name": CLUSTER}],
        "repositories": [{"name": REPOSITORY,
                          "images": [{"tags": [t]} for t in TAGS + [SLOW_TAG]]}],
        "taskDefinitions": task_definitions,
        "services": [{
            "name": family,
            "cluster": CLUSTER,
            "taskDefinition": f"{family}:1",
            "desiredCount": tasks,
            "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {
                "subnets": ["subnet-0123456789abcdef0"], "securityGroups": ["sg-0123456789abcdef0"],
                "assignPublicIp": "DISABLED"}},
            "deploymentConfiguration": {
                "minimumHealthyPercent": 100, "maximumPercent": 200,
                "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        } for family in families],
        "images": images,
    }


def start_emulator(services=1, tasks=2, speed=10.0, **scenario_args):
    server = cs.EmulatorServer(scenario(services, tasks, **scenario_args), speed=speed, seed=1)
    server.access_key, server.secret_key = USERS["harness"]
    return server.start()


class VirtualClockMap:
    """Maps the emulator's virtual epoch seconds to time.monotonic() of this process."""

    def __init__(self, server, samples=7):
        health = server.control("GET", "health")
        self.speed = float(health["speed"])
        if self.speed <= 0:
            raise ValueError("the emulator clock is frozen (--speed 0); nothing to map")
        best = None
        for _ in range(samples):
            before = time.monotonic()
            v = float(server.control("GET", "health")["virtualTime"])
            after = time.monotonic()
            if best is None or after - before < best[0]:
                best = (after - before, (before + after) / 2 - v / self.speed)
        self.rtt, self.offset = best

    def to_monotonic(self, virtual):
        return virtual / self.speed + self.offset


def tool_env(server, tool):
    key, secret = USERS[tool]
    env = dict(os.environ)  # conformance_support already dropped AWS_* and proxies
    env.update({
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL": server.endpoint_url,
        "AWS_PAGER": "",
        "NO_COLOR": "1",
    })
    env.pop("GITHUB_ACTIONS", None)  # plain reporter, no workflow commands
    return env


# How ecsdeploy is told its target. "configured" is how a configured user deploys: an
# ecsdeploy.json entry with cluster, service, container, family and ECR repository, so the
# preflight sends DescribeTaskDefinition and DescribeImages in its first round. "family" leaves
# the repository out (DescribeImages waits for the task definition); "flags" passes only
# --cluster/--service/--container (the family is learned from DescribeServices too).
CONFIGS = ("configured", "family", "flags")


def write_config(workdir, service, config):
    """Writes ecsdeploy.json for `config` into the deploy's working directory."""
    if config == "flags":
        return
    entry = {"cluster": CLUSTER, "service": service, "container": CONTAINER, "family": service}
    if config == "configured":
        entry["repository"] = REPOSITORY
    with open(os.path.join(workdir, "ecsdeploy.json"), "w") as f:
        json.dump({service: entry}, f, indent=2)


def tool_argv(tool, service, tag, desired, config="configured"):
    """The aws CLI script keeps the service's desired count; ecsdeploy gets it explicitly."""
    if tool == "ecsdeploy":
        target = ([] if config != "flags" else
                  ["--cluster", CLUSTER, "--service", service, "--container", CONTAINER])
        return [ecsdeploy_binary(), "deploy"] + target + [
            "--image-tag", tag, "--desired-count", str(desired), "--output", "json"]
    return ["bash", CLI_SCRIPT, CLUSTER, service, CONTAINER, tag]


class ToolRun:
    """One finished deploy: instants are time.monotonic(); max_rss_kb from GNU time."""

    def __init__(self, tool, service, tag):
        self.tool, self.service, self.tag = tool, service, tag
        self.start = self.exit = None
        self.returncode = None
        self.max_rss_kb = 0
        self.stdout = self.stderr = ""
        self.log_since = 0
        self.rss_file = None

    @property
    def elapsed(self):
        return self.exit - self.start

    def json_result(self):
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None

    def steps(self):
        """aws_cli_deploy.sh's "@step NAME EPOCH" lines as {name: epoch seconds}."""
        out = {}
        for line in self.stderr.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "@step":
                out[parts[1]] = float(parts[2])
        return out


def launch(server, tool, service, tag, desired, workdir, config="configured"):
    """Starts one deploy; returns (Popen, ToolRun, stdout file, stderr file)."""
    run = ToolRun(tool, service, tag)
    out = open(os.path.join(workdir, f"{tool}-{service}-{tag}.out"), "w+")
    err = open(os.path.join(workdir, f"{tool}-{service}-{tag}.err"), "w+")
    if tool == "ecsdeploy":
        write_config(workdir, service, config)
    argv = tool_argv(tool, service, tag, desired, config)
    if GNU_TIME:
        run.rss_file = os.path.join(workdir, f"{tool}-{service}-{tag}.rss")
        argv = [GNU_TIME, "-f", "%M", "-o", run.rss_file] + argv
    run.start = time.monotonic()
    proc = subprocess.Popen(argv, env=tool_env(server, tool),
                            stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=workdir)
    return proc, run, out, err


def reap(proc, run, out, err, timeout):
    """Waits (bounded) for the deploy to exit, recording its exit instant and max RSS."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            run.exit = time.monotonic()
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            run.exit = time.monotonic()
            break
        time.sleep(0.002)
    proc.returncode = run.returncode = os.waitstatus_to_exitcode(status)
    run.max_rss_kb = usage.ru_maxrss  # an upper bound (see GNU_TIME)
    if run.rss_file:
        try:
            with open(run.rss_file) as f:
                run.max_rss_kb = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
    for f, attr in ((out, "stdout"), (err, "stderr")):
        f.seek(0)
        setattr(run, attr, f.read())
        f.close()
    return run


def deploy(server, tool, service, tag, desired, timeout=900, config="configured"):
    workdir = tempfile.mkdtemp(prefix="deploy-bench-")
    try:
        since = server.control("GET", "requests?since=999999999")["lastSeq"]
        proc, run, out, err = launch(server, tool, service, tag, desired, workdir, config)
        run.log_since = since
        return reap(proc, run, out, err, timeout)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def requests_since(server, seq):
    return server.control("GET", f"requests?since={seq}")["requests"]


def caller_arn(tool):
    return f"arn:aws:iam::{ACCOUNT}:user/{tool}"


def describe_service(server, service):
    ecs = server.client("ecs", max_attempts=3)
    return ecs.describe_services(cluster=CLUSTER, services=[service])["services"][0]


def steady_state_virtual(service_json, after_virtual):
    """Virtual instant of the first "has reached a steady state" event after `after_virtual`,
    or of the primary deployment's COMPLETED updatedAt; None if neither."""
    times = []
    for e in service_json.get("events", []):
        created = e["createdAt"].timestamp() if hasattr(e["createdAt"], "timestamp") else float(
            e["createdAt"])
        if "has reached a steady state" in e["message"] and created > after_virtual:
            times.append(created)
    if times:
        return min(times)
    for d in service_json.get("deployments", []):
        if d.get("status") == "PRIMARY" and d.get("rolloutState") == "COMPLETED":
            updated = d["updatedAt"]
            return updated.timestamp() if hasattr(updated, "timestamp") else float(updated)
    return None


def wait_steady(server, service, timeout=120):
    """Polls (bounded, 0.2 s) until the service has one deployment and running == desired."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = describe_service(server, service)
        if len(s["deployments"]) == 1 and s["runningCount"] == s["desiredCount"]:
            return True
        time.sleep(0.2)
    return False


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt_ms(seconds):
    return "n/a" if seconds is None or seconds != seconds else f"{seconds * 1000:.0f} ms"
