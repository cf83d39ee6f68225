#!/usr/bin/env bash
# Baseline for the deploy benchmarks: the same deploy ecsdeploy does, written the way a
# workflow author would with the aws CLI and jq (see bench/README.md).
#
#   aws_cli_deploy.sh CLUSTER SERVICE CONTAINER IMAGE_TAG [TASK_DEFINITION]
#
# TASK_DEFINITION defaults to the service's current one (one describe-services call).
# Credentials, region and endpoint come from the environment (AWS_ACCESS_KEY_ID, ...,
# AWS_DEFAULT_REGION, AWS_ENDPOINT_URL). Prints "@step NAME EPOCH_SECONDS" lines on stderr so
# the harness can see when the wait begins; exits with the waiter's status.
set -euo pipefail

if [[ $# -lt 4 || $# -gt 5 ]]; then
  echo "usage: $0 CLUSTER SERVICE CONTAINER IMAGE_TAG [TASK_DEFINITION]" >&2
  exit 2
fi
cluster=$1
service=$2
container=$3
tag=$4
task_definition=${5:-}

aws_cmd=(aws)
if [[ -n "${AWS_ENDPOINT_URL:-}" ]]; then
  aws_cmd+=(--endpoint-url "$AWS_ENDPOINT_URL")
fi

step() { echo "@step $1 $(date +%s.%N)" >&2; }

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

step start
if [[ -z "$task_definition" ]]; then
  task_definition=$("${aws_cmd[@]}" ecs describe-services --cluster "$cluster" \
    --services "$service" --query 'services[0].taskDefinition' --output text)
fi

"${aws_cmd[@]}" ecs describe-task-definition --task-definition "$task_definition" \
  --output json >"$workdir/current.json"

# Drop the read-only members register-task-definition rejects, and swap the tag of the one
# container's image (keeping its repository; a digest reference is replaced too).
jq --arg c "$container" --arg tag "$tag" '
  .taskDefinition
  | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities,
        .registeredAt, .registeredBy, .deregisteredAt)
  | .containerDefinitions |= map(
      if .name == $c then
        .image |= ((split("@")[0]) as $ref
                   | ($ref | split("/")) as $parts
                   | ($parts[:-1] + [($parts[-1] | split(":")[0])] | join("/")) + ":" + $tag)
      else . end)
' "$workdir/current.json" >"$workdir/new.json"

if ! jq -e --arg c "$container" 'any(.containerDefinitions[]; .name == $c)' \
    "$workdir/new.json" >/dev/null; then
  echo "no container named $container in $task_definition" >&2
  exit 1
fi

step register
new_arn=$("${aws_cmd[@]}" ecs register-task-definition --cli-input-json "file://$workdir/new.json" \
  --query 'taskDefinition.taskDefinitionArn' --output text)

step update
"${aws_cmd[@]}" ecs update-service --cluster "$cluster" --service "$service" \
  --task-definition "$new_arn" --force-new-deployment --output json >/dev/null

step wait
"${aws_cmd[@]}" ecs wait services-stable --cluster "$cluster" --services "$service"
step done
echo "deployed $new_arn"
