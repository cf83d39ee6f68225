#!/usr/bin/env bash
# The main job on the built-in default: build ecsdeploy and ecs-emulator, start the emulator
# with the example scenario (examples/scenarios/demo.json), and deploy to it for real: a
# rollout you can watch, then a scale to 0 and back. No AWS account needed; nothing leaves
# 127.0.0.1.
#   scripts/demo.sh [image-tag]     (default: v1.2.0; v1.3.0-crash shows a failed rollout)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DECSDEPLOY_WERROR=OFF >/dev/null
ninja -C build -j "${JOBS:-2}" ecsdeploy ecs-emulator >&2

tag=${1:-v1.2.0}
scenario=examples/scenarios/demo.json
log=$(mktemp)
build/emulator/ecs-emulator --port 0 --state "$scenario" --speed "${SPEED:-20}" >"$log" 2>&1 &
emu=$!
trap 'kill $emu 2>/dev/null; wait $emu 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$log" && break
  sleep 0.05
done
endpoint="http://$(sed -n 's/^listening on //p' "$log" | head -1)"
[ "$endpoint" != "http://" ] || { cat "$log" >&2; echo "demo: the emulator did not start" >&2; exit 1; }

# The scenario's demo credentials (they only exist inside the emulator).
export AWS_ACCESS_KEY_ID=AKIAEMULATORDEMO0001 AWS_SECRET_ACCESS_KEY=emulator/demo/secret/key/not/a/real/one/0001
export AWS_REGION=us-east-1 AWS_ENDPOINT_URL=$endpoint
unset AWS_PROFILE AWS_SESSION_TOKEN
ecsdeploy=build/src/ecsdeploy
target=(--cluster demo --service web --container app)

echo "== ecs-emulator at $endpoint" >&2
set -x
$ecsdeploy whoami
$ecsdeploy deploy "${target[@]}" --image-tag "$tag" --desired-count 2 --dry-run
$ecsdeploy deploy "${target[@]}" --image-tag "$tag" --desired-count 2
$ecsdeploy scale --cluster demo --service web --desired-count 0
$ecsdeploy scale --cluster demo --service web --restore
$ecsdeploy history --cluster demo --service web --limit 5
