"""Emulator only (moto has no ECS-native strategies): BLUE_GREEN, LINEAR and CANARY walked
through the real APIs with boto3 and the aws CLI on a frozen virtual clock moved by the
control endpoint; pauses continued or rolled back, Lambda hooks scripted, alarms set through
the CloudWatch API (Smithy RPC v2 CBOR for the installed boto3, awsQuery and awsJson1_0 by
hand), every answer shape-checked against the botocore model by BackendTestCase.tearDown."""

import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conformance_support as cs  # noqa: E402
from scenarios import CRASH_IMAGE, HEALTHY_IMAGE, rollout_scenario  # noqa: E402

LAMBDA = f"arn:aws:lambda:{cs.REGION}:{cs.ACCOUNT}:function:smoke-test"
ROLE = f"arn:aws:iam::{cs.ACCOUNT}:role/ecs-infrastructure"
BLUE_TG = f"arn:aws:elasticloadbalancing:{cs.REGION}:{cs.ACCOUNT}:targetgroup/blue/0123456789abcdef"
GREEN_TG = f"arn:aws:elasticloadbalancing:{cs.REGION}:{cs.ACCOUNT}:targetgroup/green/fedcba9876543210"
RULE = f"arn:aws:elasticloadbalancing:{cs.REGION}:{cs.ACCOUNT}:listener-rule/app/web/1/2/3"
NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d4e5f60718"],
                                   "securityGroups": ["sg-0a1b2c3d4e5f60718"]}}
NEW_IMAGE = "public.ecr.aws/nginx/nginx:1.27"
BG_STAGES = ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
             "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT",
             "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"]
TERMINAL = ("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED")


def task_definition(family, image):
    return {"family": family, "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "web", "image": image, "essential": True,
                                      "portMappings": [{"containerPort": 80}]}]}


def strategy_scenario():
    scenario = rollout_scenario()
    scenario["services"] = []
    scenario["clusters"] = [{"name": "express"}]
    scenario["taskDefinitions"] = [task_definition("express-web", HEALTHY_IMAGE)]
    scenario["services"] = [{"name": "express-web", "cluster": "express",
                             "taskDefinition": "express-web", "desiredCount": 1,
                             "resourceManagementType": "ECS"}]
    return scenario


class StrategyChecks(cs.BackendTestCase):
    SPEED = 0

    @classmethod
    def scenario(cls):
        return strategy_scenario()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cw = cls.server.client("cloudwatch")

    def setUp(self):
        super().setUp()
        self.cluster = self.unique("bg")
        self.ecs.create_cluster(clusterName=self.cluster)

    # --- helpers ---------------------------------------------------------------------------

    def create(self, config, image=HEALTHY_IMAGE, desired=2, name=None):
        name = name or self.unique("svc")
        family = self.unique("td")
        arn = self.ecs.register_task_definition(**task_definition(family, image))[
            "taskDefinition"]["taskDefinitionArn"]
        self.ecs.create_service(
            cluster=self.cluster, serviceName=name, desiredCount=desired, taskDefinition=arn,
            launchType="FARGATE", networkConfiguration=NETWORK,
            deploymentConfiguration=config,
            loadBalancers=[{"targetGroupArn": BLUE_TG, "containerName": "web",
                            "containerPort": 80,
                            "advancedConfiguration": {"alternateTargetGroupArn": GREEN_TG,
                                                      "productionListenerRule": RULE,
                                                      "roleArn": ROLE}}])
        self.settle(name)
        return name, family

    def settle(self, name, limit=3600):
        """Advances until the service's current deployment ends (the first one included)."""
        return self.walk(name, limit)[1]

    def deploy(self, name, family, image=NEW_IMAGE):
        arn = self.ecs.register_task_definition(**task_definition(family, image))[
            "taskDefinition"]["taskDefinitionArn"]
        out = self.ecs.update_service(cluster=self.cluster, service=name, taskDefinition=arn)
        return out["service"]["currentServiceDeployment"], arn

    def current(self, name):
        svc = self.ecs.describe_services(cluster=self.cluster, services=[name])["services"][0]
        sd = self.ecs.describe_service_deployments(
            serviceDeploymentArns=[svc["currentServiceDeployment"]])["serviceDeployments"][0]
        return svc, sd

    def walk(self, name, limit, until=None, step=5):
        """(stages seen, last service deployment, service) stepping `step` virtual seconds."""
        stages, sd, svc = [], None, None
        for _ in range(int(limit / step)):
            self.server.advance_clock(step)
            svc, sd = self.current(name)
            stage = sd.get("lifecycleStage", "")
            if not stages or stages[-1] != stage:
                stages.append(stage)
            if sd["status"] in TERMINAL or (until and until(sd, svc)):
                break
        return stages, sd, svc

    def awaiting(self, sd, svc=None):
        return any(h["status"] == "AWAITING_ACTION" for h in sd.get("lifecycleHookDetails", []))

    def script(self, body):
        req = urllib.request.Request(f"{self.server.endpoint_url}/_emulator/faults",
                                     data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    # --- BLUE_GREEN ------------------------------------------------------------------------

    def test_blue_green_stage_sequence_bake_and_target_group_alternation(self):
        name, family = self.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 3})
        sd_arn, td = self.deploy(name, family)
        bake_seen = []

        def in_bake(sd, svc):
            if sd["lifecycleStage"] == "BAKE_TIME":
                bake_seen.append((len(svc["deployments"]), svc["runningCount"],
                                  sd["targetServiceRevision"]["requestedProductionTrafficWeight"],
                                  sd["sourceServiceRevisions"][0]["requestedProductionTrafficWeight"]))
            return False

        stages, sd, svc = self.walk(name, 3600, in_bake)
        self.assertEqual(BG_STAGES, stages)
        self.assertEqual("SUCCESSFUL", sd["status"])
        self.assertEqual(sd_arn, sd["serviceDeploymentArn"])
        self.assertIn((2, 4, 100.0, 0.0), bake_seen)  # both at full size, production on green
        svc = self.ecs.describe_services(cluster=self.cluster, services=[name])["services"][0]
        self.assertEqual(td, svc["taskDefinition"])
        self.assertEqual(GREEN_TG, svc["loadBalancers"][0]["targetGroupArn"])
        self.assertEqual(BLUE_TG,
                         svc["loadBalancers"][0]["advancedConfiguration"]["alternateTargetGroupArn"])
        self.assertEqual([sd["targetServiceRevision"]["arn"]],
                         [r["arn"] for r in svc["currentServiceRevisions"]])
        rev = self.ecs.describe_service_revisions(
            serviceRevisionArns=[sd["targetServiceRevision"]["arn"]])["serviceRevisions"][0]
        self.assertEqual(GREEN_TG, rev["resolvedConfiguration"]["loadBalancers"][0]["targetGroupArn"])
        # The next deployment goes back to the blue target group.
        _, td3 = self.deploy(name, family, HEALTHY_IMAGE)
        _, sd3, _ = self.walk(name, 3600)
        rev3 = self.ecs.describe_service_revisions(
            serviceRevisionArns=[sd3["targetServiceRevision"]["arn"]])["serviceRevisions"][0]
        self.assertEqual(BLUE_TG, rev3["resolvedConfiguration"]["loadBalancers"][0]["targetGroupArn"])

    def test_blue_green_crashing_green_rolls_back_before_production_traffic(self):
        name, family = self.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5,
                                    "deploymentCircuitBreaker": {"enable": True,
                                                                 "rollback": True}})
        self.deploy(name, family, CRASH_IMAGE)
        stages, sd, svc = self.walk(name, 3600)
        self.assertEqual("ROLLBACK_SUCCESSFUL", sd["status"])
        self.assertNotIn("PRODUCTION_TRAFFIC_SHIFT", stages)
        self.assertEqual("TRIGGERED", sd["deploymentCircuitBreaker"]["status"])
        self.assertEqual(2, svc["runningCount"])

    # --- PAUSE hooks -----------------------------------------------------------------------

    def test_linear_pauses_every_step_and_the_cli_continues(self):
        name, family = self.create({
            "strategy": "LINEAR", "bakeTimeInMinutes": 0,
            "linearConfiguration": {"stepPercent": 50.0, "stepBakeTimeInMinutes": 1},
            "lifecycleHooks": [{"targetType": "PAUSE",
                                "lifecycleStages": ["PRE_PRODUCTION_TRAFFIC_SHIFT"]}]})
        self.deploy(name, family)
        hook_ids, weights = [], []
        for _ in range(2):
            _, sd, _ = self.walk(name, 3600, self.awaiting)
            self.assertEqual("IN_PROGRESS", sd["status"])
            hook = [h for h in sd["lifecycleHookDetails"] if h["status"] == "AWAITING_ACTION"][0]
            hook_ids.append(hook["hookId"])
            weights.append(sd["targetServiceRevision"]["requestedProductionTrafficWeight"])
            self.assertEqual("ROLLBACK", hook["timeoutAction"])
            self.assertIn("expiresAt", hook)
            out = self.server.run_cli("ecs", "continue-service-deployment",
                                      "--service-deployment-arn", sd["serviceDeploymentArn"],
                                      "--hook-id", hook["hookId"], "--action", "CONTINUE")
            self.assertEqual(0, out.returncode, out.stderr)
            self.assertEqual(sd["serviceDeploymentArn"],
                             json.loads(out.stdout)["serviceDeploymentArn"])
        self.assertNotEqual(hook_ids[0], hook_ids[1])
        self.assertEqual([0.0, 50.0], weights)
        _, sd, _ = self.walk(name, 3600)
        self.assertEqual("SUCCESSFUL", sd["status"])
        self.assertEqual(["SUCCEEDED", "SUCCEEDED"],
                         [h["status"] for h in sd["lifecycleHookDetails"]])

    def test_pause_rollback_and_continue_errors(self):
        name, family = self.create({
            "strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5,
            "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}]})
        self.deploy(name, family)
        _, sd, _ = self.walk(name, 3600, self.awaiting)
        arn = sd["serviceDeploymentArn"]
        hook = sd["lifecycleHookDetails"][0]
        self.assertEqual("POST_TEST_TRAFFIC_SHIFT", sd["lifecycleStage"])
        self.assertEqual(100.0, sd["targetServiceRevision"]["requestedTestTrafficWeight"])
        self.assertClientError("InvalidParameterException", self.ecs.continue_service_deployment,
                               serviceDeploymentArn=arn, hookId="not-a-hook")
        self.assertClientError("ServiceDeploymentNotFoundException",
                               self.ecs.continue_service_deployment,
                               serviceDeploymentArn=arn + "x", hookId=hook["hookId"])
        self.ecs.continue_service_deployment(serviceDeploymentArn=arn, hookId=hook["hookId"],
                                             action="ROLLBACK")
        self.assertClientError("InvalidParameterException", self.ecs.continue_service_deployment,
                               serviceDeploymentArn=arn, hookId=hook["hookId"])
        _, sd, svc = self.walk(name, 3600)
        self.assertEqual("ROLLBACK_SUCCESSFUL", sd["status"])
        self.assertEqual("FAILED", sd["lifecycleHookDetails"][0]["status"])
        self.assertIn("ContinueServiceDeployment", sd["rollback"]["reason"])
        self.assertEqual(0.0, sd["targetServiceRevision"]["requestedTestTrafficWeight"])
        self.assertEqual(2, svc["runningCount"])
        self.assertClientError("ClientException", self.ecs.continue_service_deployment,
                               serviceDeploymentArn=arn, hookId=hook["hookId"])

    def test_pause_timeout_with_continue_action_carries_on(self):
        name, family = self.create({
            "strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1,
            "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"],
                                "timeoutConfiguration": {"timeoutInMinutes": 1,
                                                         "action": "CONTINUE"}}]})
        self.deploy(name, family)
        _, sd, _ = self.walk(name, 3600)
        self.assertEqual("SUCCESSFUL", sd["status"])
        self.assertEqual("TIMED_OUT", sd["lifecycleHookDetails"][0]["status"])

    def test_stop_rollback_of_a_paused_deployment(self):
        name, family = self.create({
            "strategy": "CANARY", "bakeTimeInMinutes": 1,
            "lifecycleHooks": [{"targetType": "PAUSE",
                                "lifecycleStages": ["POST_PRODUCTION_TRAFFIC_SHIFT"]}]})
        self.deploy(name, family)
        _, sd, _ = self.walk(name, 7200, self.awaiting)
        self.ecs.stop_service_deployment(serviceDeploymentArn=sd["serviceDeploymentArn"],
                                         stopType="ROLLBACK")
        _, sd, svc = self.walk(name, 3600)
        self.assertEqual("ROLLBACK_SUCCESSFUL", sd["status"])
        self.assertEqual(0.0, sd["targetServiceRevision"]["requestedProductionTrafficWeight"])
        self.assertClientError("ConflictException", self.ecs.stop_service_deployment,
                               serviceDeploymentArn=sd["serviceDeploymentArn"])

    # --- CANARY + Lambda hooks ------------------------------------------------------------

    def test_canary_steps_then_lambda_error_rolls_back(self):
        self.script({"lambdaHooks": {LAMBDA: [{"hookStatus": "IN_PROGRESS", "callBackDelay": 15},
                                              {"hookStatus": "SUCCEEDED"},
                                              {"error": "Task timed out after 3.00 seconds"}]}})
        name, family = self.create({
            "strategy": "CANARY", "bakeTimeInMinutes": 2,
            "canaryConfiguration": {"canaryPercent": 10.0, "canaryBakeTimeInMinutes": 2},
            "lifecycleHooks": [{"targetType": "AWS_LAMBDA", "hookTargetArn": LAMBDA,
                                "roleArn": ROLE,
                                "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT",
                                                    "POST_PRODUCTION_TRAFFIC_SHIFT"]}]})
        # CreateService ran the hooks once (IN_PROGRESS, SUCCEEDED) at POST_TEST and then the
        # error at POST_PRODUCTION: the first deployment has nothing to roll back to.
        _, first = self.current(name)
        self.assertEqual("ROLLBACK_FAILED", first["status"])
        self.script({"lambdaHooks": {LAMBDA: [{"hookStatus": "SUCCEEDED"},
                                              {"error": "Unhandled exception"}]}})
        self.deploy(name, family)
        weights = set()
        stages, sd, svc = self.walk(name, 7200, lambda sd, svc: weights.add(
            sd["targetServiceRevision"].get("requestedProductionTrafficWeight")) and False)
        self.assertEqual("ROLLBACK_SUCCESSFUL", sd["status"])
        self.assertTrue({10.0, 100.0} <= weights, weights)
        failed = [h for h in sd["lifecycleHookDetails"] if h["status"] == "FAILED"]
        self.assertEqual(LAMBDA, failed[0]["targetArn"])
        self.assertIn("hook execution failure", sd["rollback"]["reason"])

    # --- alarms ----------------------------------------------------------------------------

    def test_alarm_set_through_cloudwatch_rolls_back_during_bake(self):
        alarm = self.unique("web-5xx")
        old = self.unique("already-firing")
        for n in (alarm, old):
            self.cw.put_metric_alarm(AlarmName=n, MetricName="HTTPCode_Target_5XX_Count",
                                     Namespace="AWS/ApplicationELB", Statistic="Sum", Period=60,
                                     EvaluationPeriods=1, Threshold=5.0,
                                     ComparisonOperator="GreaterThanThreshold")
        self.cw.set_alarm_state(AlarmName=old, StateValue="ALARM", StateReason="before")
        name, family = self.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 10,
                                    "alarms": {"alarmNames": [alarm, old], "enable": True,
                                               "rollback": True}})
        self.deploy(name, family)
        _, sd, _ = self.walk(name, 3600, lambda sd, svc: sd["lifecycleStage"] == "BAKE_TIME")
        self.assertEqual("MONITORING", sd["alarms"]["status"])  # the old ALARM is ignored
        self.cw.set_alarm_state(AlarmName=alarm, StateValue="ALARM", StateReason="5xx spike")
        _, sd, svc = self.walk(name, 3600)
        self.assertEqual("ROLLBACK_SUCCESSFUL", sd["status"])
        self.assertEqual("TRIGGERED", sd["alarms"]["status"])
        self.assertEqual([alarm], sd["alarms"]["triggeredAlarmNames"])
        self.assertIn(alarm, sd["rollback"]["reason"])
        self.assertEqual(2, svc["runningCount"])
        got = self.cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"][0]
        self.assertEqual("ALARM", got["StateValue"])
        self.assertEqual(60, got["Period"])
        out = self.server.run_cli("cloudwatch", "describe-alarms", "--alarm-names", alarm)
        self.assertEqual(0, out.returncode, out.stderr)
        self.assertEqual("ALARM", json.loads(out.stdout)["MetricAlarms"][0]["StateValue"])
        self.assertClientError("ResourceNotFound", self.cw.set_alarm_state,
                               AlarmName="missing", StateValue="OK", StateReason="x")
        self.cw.delete_alarms(AlarmNames=[alarm, old])
        self.assertEqual([], self.cw.describe_alarms(AlarmNames=[alarm])["MetricAlarms"])

    def cloudwatch_call(self, protocol, operation, params):
        """One CloudWatch call serialized, signed and parsed by botocore for `protocol`
        ("json" = awsJson1_0, "query"), which the installed boto3 no longer picks itself."""
        import http.client
        import urllib.parse
        import botocore.auth
        import botocore.awsrequest
        import botocore.credentials
        import botocore.parsers
        import botocore.serialize
        model = self.cw.meta.service_model.operation_model(operation)
        request = botocore.serialize.create_serializer(protocol).serialize_to_request(params, model)
        aws = botocore.awsrequest.AWSRequest(
            method=request["method"], url=self.server.endpoint_url + request["url_path"],
            data=request["body"], headers=request["headers"])
        creds = botocore.credentials.Credentials(self.server.access_key, self.server.secret_key)
        botocore.auth.SigV4Auth(creds, "monitoring", cs.REGION).add_auth(aws)
        parts = urllib.parse.urlsplit(aws.url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        body = aws.body if isinstance(aws.body, bytes) else (aws.body or "").encode()
        conn.request("POST", parts.path or "/", body=body, headers=dict(aws.headers.items()))
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        parsed = botocore.parsers.create_parser(protocol).parse(
            {"status_code": resp.status, "headers": dict(resp.getheaders()), "body": raw},
            model.output_shape)
        return resp.status, parsed

    def test_cloudwatch_query_and_json_protocols(self):
        for protocol in ("json", "query"):
            with self.subTest(protocol=protocol):
                alarm = self.unique(f"alarm-{protocol}")
                status, _ = self.cloudwatch_call(protocol, "PutMetricAlarm", {
                    "AlarmName": alarm, "MetricName": "CPUUtilization", "Namespace": "AWS/ECS",
                    "Statistic": "Average", "Period": 60, "EvaluationPeriods": 2,
                    "Threshold": 80.0, "ComparisonOperator": "GreaterThanThreshold",
                    "Dimensions": [{"Name": "ServiceName", "Value": "web"}]})
                self.assertEqual(200, status)
                status, _ = self.cloudwatch_call(protocol, "SetAlarmState", {
                    "AlarmName": alarm, "StateValue": "ALARM", "StateReason": "test"})
                self.assertEqual(200, status)
                status, out = self.cloudwatch_call(protocol, "DescribeAlarms",
                                                   {"AlarmNames": [alarm]})
                self.assertEqual(200, status)
                got = out["MetricAlarms"][0]
                self.assertEqual(("ALARM", 2, 80.0, "ServiceName"),
                                 (got["StateValue"], got["EvaluationPeriods"], got["Threshold"],
                                  got["Dimensions"][0]["Name"]))
                self.assertIn("StateUpdatedTimestamp", got)
                status, out = self.cloudwatch_call(protocol, "SetAlarmState", {
                    "AlarmName": alarm + "-missing", "StateValue": "OK", "StateReason": "x"})
                self.assertEqual(404, status)
                self.assertEqual("ResourceNotFound", out["Error"]["Code"])
                status, _ = self.cloudwatch_call(protocol, "DeleteAlarms", {"AlarmNames": [alarm]})
                self.assertEqual(200, status)

    def test_cloudwatch_bad_bodies_get_errors_and_the_server_keeps_its_state(self):
        import http.client
        import urllib.parse
        parts = urllib.parse.urlsplit(self.server.endpoint_url)
        for path, headers, body in [
                ("/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
                 {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"},
                 b"\xbf\x61"),
                ("/service/GraniteServiceVersion20100801/operation/DescribeAlarms",
                 {"Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor"},
                 b"\x9f" * 5000),
                ("/", {"Content-Type": "application/x-amz-json-1.0",
                       "X-Amz-Target": "GraniteServiceVersion20100801.DescribeAlarms"}, b"{"),
                ("/", {"Content-Type": "application/x-www-form-urlencoded"},
                 b"Action=PutMetricAlarm&Version=2010-08-01&AlarmName=x&EvaluationPeriods=z")]:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            conn.close()
            self.assertIn(resp.status, (400, 403), path)
        self.assertEqual("ECS", self.ecs.describe_services(
            cluster="express", services=["express-web"])["services"][0]["resourceManagementType"])

    # --- validation ------------------------------------------------------------------------

    def test_validation_errors(self):
        bad = [
            {"strategy": "BLUE_GREEN"},
            {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1441},
            {"strategy": "SIDEWAYS"},
            {"strategy": "LINEAR", "linearConfiguration": {"stepPercent": 2.9}},
            {"strategy": "LINEAR", "linearConfiguration": {"stepPercent": 10.05}},
            {"strategy": "LINEAR", "linearConfiguration": {"stepBakeTimeInMinutes": 1441}},
            {"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 0.0}},
            {"strategy": "CANARY", "linearConfiguration": {"stepPercent": 10.0}},
            {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1,
             "lifecycleHooks": [{"targetType": "PAUSE",
                                 "lifecycleStages": ["PRODUCTION_TRAFFIC_SHIFT"]}]},
            {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1,
             "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["TEST_TRAFFIC_SHIFT"]}]},
            {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1,
             "lifecycleHooks": [{"hookTargetArn": LAMBDA, "roleArn": ROLE,
                                 "lifecycleStages": ["SCALE_UP"]}]},
            {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1,
             "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_SCALE_UP"],
                                 "timeoutConfiguration": {"timeoutInMinutes": 20161}}]},
        ]
        family = self.unique("td")
        arn = self.ecs.register_task_definition(**task_definition(family, HEALTHY_IMAGE))[
            "taskDefinition"]["taskDefinitionArn"]
        for config in bad:
            with self.subTest(config=config):
                self.assertClientError("InvalidParameterException", self.ecs.create_service,
                                       cluster=self.cluster, serviceName=self.unique("bad"),
                                       taskDefinition=arn, desiredCount=1,
                                       deploymentConfiguration=config)
        out = self.server.run_cli("ecs", "create-service", "--cluster", self.cluster,
                                  "--service-name", "bad-cli", "--task-definition", arn,
                                  "--deployment-configuration",
                                  json.dumps({"strategy": "LINEAR",
                                              "linearConfiguration": {"stepPercent": 101.0}}))
        self.assertNotEqual(0, out.returncode)
        self.assertIn("InvalidParameterException", out.stderr)

    def test_express_marker(self):
        svc = self.ecs.describe_services(cluster="express", services=["express-web"])["services"][0]
        self.assertEqual("ECS", svc["resourceManagementType"])


cs.per_backend(StrategyChecks, globals(), backends=("emulator",))

if __name__ == "__main__":
    cs.main()
