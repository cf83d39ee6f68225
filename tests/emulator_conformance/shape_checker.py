"""Checks a raw JSON response body against a botocore output shape.

botocore's parser is lenient: it drops unknown keys, passes a string through where an
integer is modeled, and parses timestamps from strings. A client built on a stricter SDK
would choke on those, so the conformance suites check the wire JSON themselves: types,
required members, enum values and members the model does not know.
"""

import numbers

import botocore.session

_session = botocore.session.get_session()


def service_model(service):
    return _session.get_service_model(service)


def output_shape(service, operation):
    return service_model(service).operation_model(operation).output_shape


def input_shape(service, operation):
    return service_model(service).operation_model(operation).input_shape


def check(value, shape, path="$", timestamps="epoch"):
    """Returns a list of "path: problem" strings; empty when value conforms to shape.

    timestamps="epoch" expects JSON numbers (awsJson1_1); "any" skips the check (parsed
    Python values from a query-protocol response).
    """
    problems = []
    _check(value, shape, path, problems, timestamps)
    return problems


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _check(value, shape, path, problems, timestamps):
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected object ({shape.name}), got {type(value).__name__}")
            return
        wire_names = {}
        for name, member in shape.members.items():
            if member.serialization.get("location") in ("header", "headers", "statusCode"):
                continue
            wire_names[member.serialization.get("name", name)] = member
        for name in shape.required_members:
            member = shape.members[name]
            if member.serialization.get("location"):
                continue
            if member.serialization.get("name", name) not in value:
                problems.append(f"{path}: required member '{name}' missing ({shape.name})")
        for key, item in value.items():
            member = wire_names.get(key)
            if member is None:
                problems.append(f"{path}: unknown member '{key}' ({shape.name})")
            elif item is None:
                problems.append(f"{path}.{key}: null (AWS omits absent members)")
            else:
                _check(item, member, f"{path}.{key}", problems, timestamps)
    elif t == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected array, got {type(value).__name__}")
            return
        for i, item in enumerate(value):
            _check(item, shape.member, f"{path}[{i}]", problems, timestamps)
    elif t == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected map object, got {type(value).__name__}")
            return
        for key, item in value.items():
            _check(key, shape.key, f"{path}<key>", problems, timestamps)
            _check(item, shape.value, f"{path}[{key!r}]", problems, timestamps)
    elif t == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected string, got {type(value).__name__} {value!r}")
            return
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            problems.append(f"{path}: {value!r} is not one of the modeled values {enum}")
    elif t in ("integer", "long"):
        if not _is_int(value):
            problems.append(f"{path}: expected integer, got {type(value).__name__} {value!r}")
    elif t in ("float", "double"):
        if not isinstance(value, numbers.Real) or isinstance(value, bool):
            problems.append(f"{path}: expected number, got {type(value).__name__} {value!r}")
    elif t == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected boolean, got {type(value).__name__} {value!r}")
    elif t == "timestamp":
        if timestamps == "epoch" and (not isinstance(value, numbers.Real) or isinstance(value, bool)):
            problems.append(f"{path}: expected epoch-seconds number, got {value!r}")
    elif t == "blob":
        if not isinstance(value, str):
            problems.append(f"{path}: expected base64 string, got {type(value).__name__}")
    # "document" accepts anything.


class RawResponseRecorder:
    """Keeps the last raw HTTP body each client call received (via botocore's events)."""

    def __init__(self, client):
        self.bodies = {}
        client.meta.events.register("after-call", self._after_call)

    def _after_call(self, http_response, parsed, model, **kwargs):
        self.bodies[model.name] = http_response.content


def wire_problems(service, operation, body):
    """Problems of one raw JSON response body against the operation's output shape."""
    import json
    shape = output_shape(service, operation)
    if shape is None and not body.strip():
        return []  # no modeled output: AWS (and botocore) allow an empty body or {}
    try:
        value = json.loads(body)
    except ValueError as e:
        return [f"{operation}: body is not JSON ({e})"]
    if shape is None:
        return [] if value == {} else [f"{operation}: modeled without output, got {value!r}"]
    return check(value, shape, f"{service}.{operation}")


def error_body_problems(operation, status, body):
    """An awsJson1_1 error must be a JSON object naming its type and saying why."""
    import json
    try:
        value = json.loads(body)
    except ValueError:
        return [f"{operation}: HTTP {status} error body is not JSON: {body[:80]!r}"]
    if not isinstance(value, dict) or not isinstance(value.get("__type"), str):
        return [f"{operation}: HTTP {status} error without a __type: {value!r:.120}"]
    if not isinstance(value.get("message", value.get("Message")), str):
        return [f"{operation}: HTTP {status} {value['__type']} without a message"]
    return []


def conformance_problems(client, recorder, operation):
    """Problems in the last raw response of `operation` against its modeled output shape."""
    import json
    body = recorder.bodies.get(operation)
    if body is None:
        return [f"{operation}: no response recorded"]
    try:
        value = json.loads(body)
    except ValueError as e:
        return [f"{operation}: body is not JSON ({e})"]
    shape = client.meta.service_model.operation_model(operation).output_shape
    if shape is None:
        return [] if value == {} else [f"{operation}: modeled without output, got {value!r}"]
    return check(value, shape, operation)
