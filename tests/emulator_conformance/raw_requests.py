"""Hand-built awsJson1_1 requests, for what boto3 refuses to send: members the model does
not know (read-only task definition members), malformed bodies, unsigned or stale requests.
Signed with botocore's own SigV4 signer, so the signature itself is not ours either."""

import http.client
import json
import unittest.mock
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

from servers import LOOPBACK, REGION

TARGET_PREFIX = {
    "ecs": "AmazonEC2ContainerServiceV20141113",
    "ecr": "AmazonEC2ContainerRegistry_V20150921",
    "logs": "Logs_20140328",
}


def signed_request(server, service, operation, body, headers=None, secret_key=None,
                   access_key=None, session_token=None, sign=True, signed_at=None):
    """Builds a SigV4-signed awsJson1_1 request (method, url, body bytes, headers) with any
    body, so members boto3 would refuse to serialize (read-only ones, typos) can be sent."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    hdrs = {"Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"{TARGET_PREFIX[service]}.{operation}"}
    hdrs.update(headers or {})
    req = botocore.awsrequest.AWSRequest(method="POST", url=server.endpoint_url + "/",
                                         data=data, headers=hdrs)
    if sign:
        creds = botocore.credentials.Credentials(access_key or server.access_key,
                                                 secret_key or server.secret_key, session_token)
        signer = botocore.auth.SigV4Auth(creds, service, REGION)
        if signed_at is None:
            signer.add_auth(req)
        else:  # a request signed at another time (naive UTC datetime), e.g. a stale one
            with unittest.mock.patch.object(botocore.auth, "get_current_datetime",
                                            lambda *a, **k: signed_at):
                signer.add_auth(req)
    return "POST", req.url, data, dict(req.headers.items())


def raw_call(server, service, operation, body, **kwargs):
    """Sends signed_request(...) and returns (status, parsed JSON body or raw text)."""
    method, url, data, hdrs = signed_request(server, service, operation, body, **kwargs)
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname == LOOPBACK, "conformance suites talk to loopback only"
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        try:
            conn.request(method, parts.path or "/", body=data, headers=hdrs)
        except (BrokenPipeError, ConnectionResetError):
            # A server may answer (e.g. 413) and close before reading a large body; its
            # answer is still in the socket buffer.
            pass
        resp = conn.getresponse()
        raw = resp.read()
    finally:
        conn.close()
    try:
        return resp.status, json.loads(raw)
    except ValueError:
        return resp.status, raw.decode(errors="replace")


def error_code(body):
    """The AWS JSON error code from a parsed body, normalised as SDKs do."""
    if not isinstance(body, dict):
        return None
    code = body.get("__type") or body.get("code") or ""
    return code.split("#")[-1].split(":")[0].split(",")[0] or None
