"""Builds a RegisterTaskDefinition request that uses every member of the current model.

Values are generated from the botocore model (so a member added in a botocore update is
covered without editing this file), then a few members get realistic values where other
members refer to them (container names, volume names) or where ECS has a fixed format
(cpu/memory strings, ARNs, images). Everything is deterministic so a round trip can be
compared member by member.
"""

import copy
import itertools

from shape_checker import input_shape

ROLE_ARN = "arn:aws:iam::123456789012:role/conformance-task"
EXEC_ROLE_ARN = "arn:aws:iam::123456789012:role/conformance-exec"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1"
SIDECAR_IMAGE = "public.ecr.aws/docker/library/busybox:1.36"


def _generate(shape, name, counter):
    t = shape.type_name
    if t == "structure":
        return {m: _generate(s, m, counter) for m, s in shape.members.items()}
    if t == "list":
        return [_generate(shape.member, name, counter)]
    if t == "map":
        return {f"{name}-key": _generate(shape.value, name, counter)}
    if t == "string":
        enum = shape.metadata.get("enum")
        return enum[0] if enum else f"{name}-{next(counter)}"
    if t in ("integer", "long"):
        return 10 + next(counter)
    if t == "boolean":
        return True
    if t in ("float", "double"):
        return 1.5
    raise ValueError(f"no generator for {t} ({name})")


def full_task_definition(family):
    """A RegisterTaskDefinition request using every modeled member, nested ones included."""
    counter = itertools.count(1)
    req = _generate(input_shape("ecs", "RegisterTaskDefinition"), "td", counter)
    req["family"] = family
    req["taskRoleArn"] = ROLE_ARN
    req["executionRoleArn"] = EXEC_ROLE_ARN
    req["networkMode"] = "awsvpc"
    req["requiresCompatibilities"] = ["FARGATE"]
    req["cpu"] = "256"
    req["memory"] = "512"
    req["pidMode"] = "task"
    req["ipcMode"] = "none"
    req["tags"] = [{"key": "team", "value": "conformance"}, {"key": "empty", "value": ""}]
    req["ephemeralStorage"] = {"sizeInGiB": 30}
    req["runtimePlatform"] = {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"}

    app = req["containerDefinitions"][0]
    sidecar = copy.deepcopy(app)
    app.update({"name": "app", "image": IMAGE, "cpu": 128, "memory": 256, "memoryReservation": 128,
                "links": ["sidecar"], "essential": True})
    app["portMappings"][0].update({"containerPort": 8080, "hostPort": 8080, "protocol": "tcp",
                                   "name": "http", "appProtocol": "http",
                                   "containerPortRange": "9000-9099"})
    app["dependsOn"] = [{"containerName": "sidecar", "condition": "START"}]
    app["volumesFrom"] = [{"sourceContainer": "sidecar", "readOnly": True}]
    app["mountPoints"] = [{"sourceVolume": "vol-host", "containerPath": "/data", "readOnly": False}]
    app["ulimits"] = [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}]
    app["logConfiguration"] = {
        "logDriver": "awslogs",
        "options": {"awslogs-group": "/ecs/conformance", "awslogs-region": "us-east-1",
                    "awslogs-stream-prefix": "web"},
        "secretOptions": [{"name": "token", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/t"}],
    }
    app["healthCheck"] = {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"],
                          "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10}
    app["environment"] = [{"name": "MODE", "value": "conformance"}, {"name": "EMPTY", "value": ""}]
    sidecar.update({"name": "sidecar", "image": SIDECAR_IMAGE, "essential": False, "links": []})
    for member in ("dependsOn", "volumesFrom", "portMappings", "links"):
        sidecar.pop(member)
    req["containerDefinitions"] = [app, sidecar]

    generated = req["volumes"][0]
    configs = [m for m in generated if m.endswith("Configuration") or m == "host"]
    volumes = []
    for i, member in enumerate(configs):
        volumes.append({"name": "vol-host" if member == "host" else f"vol-{i}",
                        member: generated[member]})
    volumes[-1]["configuredAtLaunch"] = generated["configuredAtLaunch"]
    req["volumes"] = volumes
    req["proxyConfiguration"]["containerName"] = "sidecar"
    req["placementConstraints"] = [{"type": "memberOf",
                                    "expression": "attribute:ecs.availability-zone in [us-east-1a]"}]
    return req


def uncovered_members(shape, values, path="request"):
    """Modeled members that appear nowhere in `values` (a list of instances of `shape`)."""
    missing = []
    t = shape.type_name
    if t == "structure":
        dicts = [v for v in values if isinstance(v, dict)]
        for name, member in shape.members.items():
            present = [d[name] for d in dicts if name in d]
            if not present:
                missing.append(f"{path}.{name}")
            else:
                missing += uncovered_members(member, present, f"{path}.{name}")
    elif t == "list":
        items = [item for v in values for item in v]
        if items:
            missing += uncovered_members(shape.member, items, f"{path}[]")
    elif t == "map":
        items = [item for v in values for item in v.values()]
        if items:
            missing += uncovered_members(shape.value, items, f"{path}{{}}")
    return missing


def differences(sent, received, path="$"):
    """Where `received` does not carry what was sent (extra members and list order aside:
    ECS adds defaults such as essential/cpu, so only sent members are compared)."""
    diffs = []
    if isinstance(sent, dict):
        if not isinstance(received, dict):
            return [f"{path}: sent an object, got {received!r}"]
        for key, value in sent.items():
            if key not in received:
                diffs.append(f"{path}.{key}: missing from the response")
            else:
                diffs += differences(value, received[key], f"{path}.{key}")
    elif isinstance(sent, list):
        if not isinstance(received, list) or len(received) != len(sent):
            return [f"{path}: sent {sent!r}, got {received!r}"]
        for i, (a, b) in enumerate(zip(sent, received)):
            diffs += differences(a, b, f"{path}[{i}]")
    elif sent != received or type(sent) is not type(received):
        diffs.append(f"{path}: sent {sent!r}, got {received!r}")
    return diffs
