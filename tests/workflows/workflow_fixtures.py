"""Shared pieces of the workflow suites: repository variables, inputs, the local equivalents of
the network `uses:` steps, and a strict Markdown table reader for job summaries."""

import re

import gha_runner

VARIABLES = {
    "AWS_DEPLOY_ROLE_ARN": "arn:aws:iam::123456789012:role/gha-ecs-deploy",
    "AWS_REGION": "ap-northeast-1",
    "ECS_CLUSTER": "stg",
    "ECS_SERVICE": "web",
    "ECS_CONTAINER": "app",
    "ECS_FAMILY": "web",
}


def deploy_inputs(tag, count=1, environment="staging"):
    # workflow_dispatch delivers a number input as a number; the runner prints it as text.
    return {"image-tag": tag, "desired-count": count, "environment": environment}


def fixed_credentials(runner, with_inputs):
    """configure-aws-credentials without a network: static, obviously fake keys."""
    return {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fake-secret",
            "AWS_SESSION_TOKEN": "fake-token"}


def offline_uses(action_path, action_inputs=None, credentials=fixed_credentials):
    """`uses:` callbacks: checkout is a no-op (the workspace is already there), the credentials
    action exports what `credentials` returns (as the real one does, through GITHUB_ENV), and
    the ecsdeploy action is this repository's action.yml run as a composite."""

    def checkout(runner, step, with_inputs, env, files):
        return "success", {}, "", ""

    def configure(runner, step, with_inputs, env, files):
        for key in ("role-to-assume", "aws-region"):
            if not with_inputs.get(key):
                return "failure", {}, f"::error::Input required and not supplied: {key}\n", ""
        exported = dict(credentials(runner, with_inputs))
        exported["AWS_REGION"] = exported["AWS_DEFAULT_REGION"] = with_inputs["aws-region"]
        with open(files["GITHUB_ENV"], "a") as f:
            for k, v in exported.items():
                f.write(f"{k}={v}\n")
        return "success", {"aws-account-id": "123456789012"}, "", ""

    return {
        "actions/checkout@": checkout,
        "aws-actions/configure-aws-credentials@": configure,
        "./": gha_runner.composite_handler(action_path, action_inputs),
    }


_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")


def _cells(line):
    parts = re.split(r"(?<!\\)\|", line.strip())
    if parts[0] != "" or parts[-1] != "":
        raise AssertionError(f"table row must start and end with '|': {line!r}")
    return [c.strip() for c in parts[1:-1]]


def markdown_tables(text):
    """Returns [(header, rows)] for every table; raises AssertionError on a malformed one
    (missing separator, ragged rows, a stray '|' line)."""
    lines = text.split("\n")
    tables, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("|"):
            i += 1
            continue
        header = _cells(lines[i])
        if i + 1 >= len(lines) or not _SEPARATOR.match(lines[i + 1].strip()):
            raise AssertionError(f"table without a separator row at line {i + 1}: {lines[i]!r}")
        if len(_cells(lines[i + 1])) != len(header):
            raise AssertionError(f"separator width differs from header at line {i + 2}")
        rows, i = [], i + 2
        while i < len(lines) and lines[i].startswith("|"):
            row = _cells(lines[i])
            if len(row) != len(header):
                raise AssertionError(f"ragged row at line {i + 1}: {lines[i]!r}")
            rows.append(row)
            i += 1
        tables.append((header, rows))
    return tables
