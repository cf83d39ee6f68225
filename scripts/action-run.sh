#!/usr/bin/env bash
# The run step of the composite action (action.yml): argv from the INPUT_* variables, then
# ecsdeploy, with the runner's cancel signal passed on to it.
#
# Inputs reach the shell only through the environment and a bash array: nothing is
# interpolated into the script, and INPUT_ARGS is split on whitespace without evaluation.
#
# A cancelled or timed-out job signals this shell (SIGINT, then SIGTERM), not ecsdeploy: run
# ecsdeploy in the background and forward the signal, so it stops waiting, writes the step
# summary and outputs (outcome interrupted) and says how to follow the deployment, instead of
# being orphaned while this shell dies.
set -euo pipefail
argv=("$INPUT_COMMAND")
add() { if [ -n "$2" ]; then argv+=("$1" "$2"); fi; }
add --cluster "${INPUT_CLUSTER:-}"
add --service "${INPUT_SERVICE:-}"
add --container "${INPUT_CONTAINER:-}"
add --family "${INPUT_FAMILY:-}"
add --image-tag "${INPUT_IMAGE_TAG:-}"
add --desired-count "${INPUT_DESIRED_COUNT:-}"
add --timeout "${INPUT_TIMEOUT:-}"
add --wait-until "${INPUT_WAIT_UNTIL:-}"
add --hook-id "${INPUT_HOOK_ID:-}"
case "${INPUT_ROLLBACK:-false}" in
  true) argv+=(--rollback) ;;
  false | "") ;;
  *)
    echo "::error title=Invalid input::the rollback input must be true or false"
    printf 'exit-code=2\noutcome=invalid-input\n' >> "$GITHUB_OUTPUT"
    exit 2
    ;;
esac
read -r -a extra <<< "${INPUT_ARGS:-}"
argv+=("${extra[@]}")

"$ECSDEPLOY_BIN" "${argv[@]}" &
child=$!
signalled=0
# shellcheck disable=SC2317  # called by the traps below
forward() {
  signalled=1
  kill -s "$1" "$child" 2>/dev/null || true
}
trap 'forward INT' INT
trap 'forward TERM' TERM
# `wait` returns early (128 + signal) when a trapped signal arrives: wait again until the
# status is ecsdeploy's own.
while :; do
  signalled=0
  code=0
  wait "$child" || code=$?
  if [ "$signalled" = 0 ]; then
    break
  fi
done
trap - INT TERM

echo "exit-code=$code" >> "$GITHUB_OUTPUT"
# ecsdeploy writes its outputs itself; name the outcome when it stopped before that.
if ! grep -q '^outcome[=<]' "$GITHUB_OUTPUT"; then
  case "$code" in
    0) outcome=succeeded ;;
    2) outcome=invalid-input ;;
    3) outcome=preflight-failed ;;
    4) outcome=rollout-failed ;;
    5) outcome=timed-out ;;
    130) outcome=interrupted ;;
    *) outcome=error ;;
  esac
  echo "outcome=$outcome" >> "$GITHUB_OUTPUT"
fi
exit "$code"
