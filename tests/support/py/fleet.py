"""A fleet on ecs-emulator (issue 12), for tests/e2e/test_fleet_emulator.py and
bench/fleet_bench.py: N services web-0.. in one cluster sharing one family `web` and one ECR
repository `web`, plus optional services with their own family whose v2 crashes (`bad-0`..),
an ecsdeploy.json naming every service, and the emulator's control calls (faults, request log).
"""

import json
import os
import urllib.request

ACCOUNT = "123456789012"
REGION = "us-east-1"
CLUSTER = "fleet"
KEY_ID = "AKIAEMULATORFLEET001"
SECRET = "emulator/fleet/secret/key/not/a/real/one/001"
REGISTRY = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com"


def _task_definition(family, repository):
    return {
        "family": family,
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "containerDefinitions": [{
            "name": "app",
            "image": f"{REGISTRY}/{repository}:v1",
            "essential": True,
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/fleet", "awslogs-region": REGION,
                "awslogs-stream-prefix": family}},
        }],
    }


def _service(name, family, tasks):
    return {
        "name": name,
        "cluster": CLUSTER,
        "taskDefinition": f"{family}:1",
        "desiredCount": tasks,
        "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-0123456789abcdef0"], "securityGroups": ["sg-0123456789abcdef0"],
            "assignPublicIp": "DISABLED"}},
        "deploymentConfiguration": {
            "minimumHealthyPercent": 100, "maximumPercent": 200,
            "deploymentCircuitBreaker": {"enable": True, "rollback": False}},
    }


def service_names(services, bad=0):
    return [f"web-{i}" for i in range(services)] + [f"bad-{i}" for i in range(bad)]


def scenario(services, tasks=2, bad=0):
    """`services` healthy services on family `web`; `bad` services on families bad-i whose
    v2 crashes on start."""
    bad_names = [f"bad-{i}" for i in range(bad)]
    return {
        "description": "fleet (tests/support/py/fleet.py)",
        "region": REGION,
        "accounts": [{"id": ACCOUNT, "users": [
            {"name": "deployer", "accessKeyId": KEY_ID, "secretAccessKey": SECRET}]}],
        "logGroups": ["/ecs/fleet"],
        "clusters": [{"name": CLUSTER}],
        "repositories": [{"name": r, "images": [{"tags": ["v1"]}, {"tags": ["v2"]}]}
                         for r in ["web"] + bad_names],
        "taskDefinitions": [_task_definition("web", "web")] +
                           [_task_definition(b, b) for b in bad_names],
        "services": [_service(f"web-{i}", "web", tasks) for i in range(services)] +
                    [_service(b, b, tasks) for b in bad_names],
        "images": {f"{REGISTRY}/{b}:v2": {"behavior": "crash", "exitCode": 1,
                                          "crashAfterSeconds": 2,
                                          "logLines": [f"{b} v2 starting", "Error: no config"]}
                   for b in bad_names},
    }


def write(directory, services, tasks=2, bad=0):
    """Writes scenario.json and ecsdeploy.json into `directory`; returns the scenario path."""
    path = os.path.join(directory, "scenario.json")
    with open(path, "w") as f:
        json.dump(scenario(services, tasks, bad), f)
    config = {}
    for name in service_names(services, bad):
        family = "web" if name.startswith("web-") else name
        config[name] = {"cluster": CLUSTER, "service": name, "container": "app",
                        "family": family, "repository": family}
    with open(os.path.join(directory, "ecsdeploy.json"), "w") as f:
        json.dump(config, f)
    return path


def control(endpoint, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(endpoint + "/_emulator/" + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def requests(endpoint):
    """The emulator's request log: a list of {service, operation, status, fault?, ...}."""
    log = control(endpoint, "GET", "requests")
    return log["requests"] if isinstance(log, dict) else log


def count(entries, operation):
    return sum(1 for e in entries if e.get("operation") == operation)
