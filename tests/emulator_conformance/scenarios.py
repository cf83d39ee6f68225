"""Emulator scenario files for the conformance suites (format: docs/emulator.md; the
loader is emulator/core/scenario.cpp).

Only the emulator reads these; moto starts empty and the checks create what they need
through the API, so the same check code runs on both.
"""

from servers import ACCESS_KEY, ACCOUNT, SECRET_KEY

ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/conformance-deployer"


def base_scenario():
    """One account with one long-term key, an OIDC-assumable role, and nothing else."""
    return {
        "description": "conformance suites",
        "accounts": [{
            "id": ACCOUNT,
            "users": [{"name": "conformance", "accessKeyId": ACCESS_KEY,
                       "secretAccessKey": SECRET_KEY}],
            "roles": [{"name": ROLE_ARN.rsplit("/", 1)[1]}],
        }],
    }


CRASH_IMAGE = "public.ecr.aws/conformance/crasher:v2"
SLOW_IMAGE = "public.ecr.aws/conformance/slow:v3"  # takes 30 virtual minutes to start
HEALTHY_IMAGE = "public.ecr.aws/nginx/nginx:1.25"


def rollout_scenario():
    """base_scenario plus per-image behaviour: CRASH_IMAGE exits 1 a few seconds after start."""
    scenario = base_scenario()
    scenario["images"] = {
        CRASH_IMAGE: {"behavior": "crash", "exitCode": 1, "crashAfterSeconds": 5,
                      "logLines": ["panic: cannot connect to database"]},
        SLOW_IMAGE: {"behavior": "slowStart", "startDelaySeconds": 1800},
    }
    return scenario


def bench_scenario(services, tasks, blue_green=0):
    """(scenario, cluster, service names): `services` steady services of `tasks` tasks each;
    the first `blue_green` use the BLUE_GREEN strategy with a 24 h bake (task definition
    bench:2 is there to deploy to them)."""
    scenario = base_scenario()
    cluster = "bench"
    scenario["clusters"] = [{"name": cluster}]
    scenario["taskDefinitions"] = [{
        "family": "bench", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
        "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": HEALTHY_IMAGE, "essential": True}],
    }]
    scenario["taskDefinitions"].append(dict(scenario["taskDefinitions"][0]))
    names = [f"svc-{i:03d}" for i in range(services)]
    scenario["services"] = [{
        "name": name, "cluster": cluster, "taskDefinition": "bench:1", "desiredCount": tasks,
        "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200},
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}},
    } for name in names]
    for svc in scenario["services"][:blue_green]:
        svc["deploymentConfiguration"].update({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1440})
    return scenario, cluster, names
