#!/usr/bin/env python3
"""Writes the seed corpus of emulator_request_fuzzer (corpus/*.http): real requests as raw
HTTP, unsigned ones (run with auth off) and ones signed by botocore's SigV4 signer with the
fuzz scenario's keys (run with auth on; their X-Amz-Date goes stale, which the verifier's
clock-skew path then sees). Rerun after changing the requests below:

    python3 emulator/fuzz/make_corpus.py
"""

import json
import os

import botocore.auth
import botocore.awsrequest
import botocore.credentials

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = {"ecs": "AmazonEC2ContainerServiceV20141113", "ecr": "AmazonEC2ContainerRegistry_V20150921",
          "logs": "Logs_20140328", "application-autoscaling": "AnyScaleFrontendService"}
TD = {"family": "web", "cpu": "256", "memory": "512", "networkMode": "awsvpc",
      "containerDefinitions": [{"name": "app", "essential": True,
                                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:crash",
                                "portMappings": [{"containerPort": 80}],
                                "healthCheck": {"command": ["CMD", "true"]}}],
      "tags": [{"key": "team", "value": "a"}]}
JSON_CALLS = [
    ("ecs", "DescribeClusters", {"clusters": ["demo", "nope"], "include": ["TAGS"]}),
    ("ecs", "DescribeServices", {"cluster": "demo", "services": ["web", "nope"]}),
    ("ecs", "RegisterTaskDefinition", TD),
    ("ecs", "UpdateService", {"cluster": "demo", "service": "web", "taskDefinition": "web",
                              "desiredCount": 3, "forceNewDeployment": True,
                              "deploymentConfiguration": {"minimumHealthyPercent": 100,
                                                          "maximumPercent": 200}}),
    ("ecs", "CreateService", {"cluster": "demo", "serviceName": "api", "taskDefinition": "web:1",
                              "desiredCount": 1, "networkConfiguration": {"awsvpcConfiguration": {
                                  "subnets": ["subnet-1"], "assignPublicIp": "DISABLED"}}}),
    ("ecs", "ListTasks", {"cluster": "demo", "serviceName": "web", "desiredStatus": "STOPPED",
                          "maxResults": 2}),
    ("ecs", "ListServiceDeployments", {"cluster": "demo", "service": "web"}),
    ("ecs", "ListTaskDefinitions", {"familyPrefix": "web", "sort": "DESC", "maxResults": 1}),
    ("ecs", "TagResource", {"resourceArn": "arn:aws:ecs:us-east-1:123456789012:service/demo/web",
                            "tags": [{"key": "k", "value": "v"}]}),
    ("ecr", "DescribeImages", {"repositoryName": "web", "imageIds": [{"imageTag": "v2"}]}),
    ("ecr", "BatchGetImage", {"repositoryName": "web", "imageIds": [{"imageTag": "v1"}]}),
    ("logs", "GetLogEvents", {"logGroupName": "/ecs/web", "logStreamName": "web/app/x",
                              "startFromHead": True}),
    ("logs", "DescribeLogStreams", {"logGroupName": "/ecs/web", "orderBy": "LastEventTime"}),
    ("application-autoscaling", "DescribeScalableTargets",
     {"ServiceNamespace": "ecs", "ResourceIds": ["service/demo/web"]}),
]
KEYS = {"deployer": ("AKIAFUZZ0000000001", "fuzz-secret"),
        "reader": ("AKIAFUZZ0000000002", "fuzz-secret-2")}


def raw(method, path, headers, body):
    lines = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def sign(service, method, path, headers, body, user):
    req = botocore.awsrequest.AWSRequest(method=method, url="http://127.0.0.1:4566" + path,
                                         data=body, headers=headers)
    key, secret = KEYS[user]
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret),
                            service, "us-east-1").add_auth(req)
    out = {"Host": "127.0.0.1:4566"}
    out.update(dict(req.headers.items()))
    return out


def main():
    corpus = os.path.join(HERE, "corpus")
    os.makedirs(corpus, exist_ok=True)
    files = {}
    for service, op, body in JSON_CALLS + [("ecs", "ContinueServiceDeployment", {
            "serviceDeploymentArn": "arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/x",
            "hookId": "h", "action": "ROLLBACK"})]:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1",
                   "X-Amz-Target": f"{PREFIX[service]}.{op}"}
        files[f"unsigned-{op}"] = raw("POST", "/", headers, data)
        if op in ("DescribeServices", "UpdateService", "DescribeImages"):
            for user in KEYS:
                files[f"signed-{user}-{op}"] = raw(
                    "POST", "/", sign(service, "POST", "/", headers, data, user), data)
    form = b"Action=GetCallerIdentity&Version=2011-06-15"
    sts_headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    files["unsigned-sts-GetCallerIdentity"] = raw("POST", "/", sts_headers, form)
    files["signed-sts-GetCallerIdentity"] = raw(
        "POST", "/", sign("sts", "POST", "/", sts_headers, form, "deployer"), form)
    form = (b"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=s&"
            b"RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeploy&WebIdentityToken="
            b"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWYiLCJleHAiOjQwMDAwMDAwMDB9.c2ln")
    files["unsigned-sts-AssumeRoleWithWebIdentity"] = raw("POST", "/", sts_headers, form)
    files["unsigned-sts-query-GetCallerIdentity"] = raw(
        "GET", "/?Action=GetCallerIdentity&Version=2011-06-15", {}, b"")
    files["control-health"] = raw("GET", "/_emulator/health", {}, b"")
    files["control-state"] = raw("GET", "/_emulator/state", {}, b"")
    files["control-requests"] = raw("GET", "/_emulator/requests?since=0", {}, b"")
    files["control-advance"] = raw("POST", "/_emulator/advance?seconds=120", {}, b"")
    files["control-faults"] = raw("POST", "/_emulator/faults", {"Content-Type": "application/json"},
                                  json.dumps({"rules": [{"service": "ecs", "operation": "*",
                                                         "type": "throttle", "rate": 0.5,
                                                         "count": 2}],
                                              "ecsTokenBuckets": True}).encode())
    # CloudWatch over its three protocols, and the strategy control keys.
    files["unsigned-cloudwatch-json-DescribeAlarms"] = raw(
        "POST", "/", {"Content-Type": "application/x-amz-json-1.0",
                      "X-Amz-Target": "GraniteServiceVersion20100801.DescribeAlarms"},
        json.dumps({"AlarmNames": ["web-5xx"], "MaxRecords": 10}).encode())
    files["unsigned-cloudwatch-cbor-SetAlarmState"] = raw(
        "POST", "/service/GraniteServiceVersion20100801/operation/SetAlarmState",
        {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"},
        b"\xa3\x69AlarmName\x67web-5xx\x6aStateValue\x65ALARM\x6bStateReason\x61x")
    files["unsigned-cloudwatch-query-PutMetricAlarm"] = raw(
        "POST", "/", sts_headers,
        b"Action=PutMetricAlarm&Version=2010-08-01&AlarmName=web-5xx&EvaluationPeriods=1&"
        b"ComparisonOperator=GreaterThanThreshold&Threshold=1&AlarmActions.member.1=arn%3Ax")
    files["control-faults-hooks"] = raw(
        "POST", "/_emulator/faults", {"Content-Type": "application/json"},
        json.dumps({"lambdaHooks": {"arn:aws:lambda:us-east-1:123456789012:function:f": [
            {"hookStatus": "IN_PROGRESS", "callBackDelay": 5}, {"error": "boom"}]},
            "alarms": [{"name": "web-5xx", "script": [{"atSeconds": 30}]}]}).encode())
    for name, data in sorted(files.items()):
        with open(os.path.join(corpus, name + ".http"), "wb") as f:
            f.write(data)
    print(f"{corpus}: {len(files)} requests")


if __name__ == "__main__":
    main()
