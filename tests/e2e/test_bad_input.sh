#!/usr/bin/env bash
# Bad input never reaches AWS: one "ecsdeploy: error: ..." line on stderr, nothing on
# stdout, exit code 2. Runs with no credentials and an unreachable endpoint, so a case that
# wrongly got as far as a network call would fail differently (exit 1).
set -u
bin="${ECSDEPLOY_BUILD_DIR:?}/src/ecsdeploy"
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"  # no ecsdeploy.yml here unless a case writes one

export HOME="$tmp" AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_ENDPOINT_URL
# On GitHub's runners (ci.yml) these are set for the whole job; the cases below are a user's
# terminal, and the annotation case sets them itself.
unset GITHUB_ACTIONS GITHUB_OUTPUT GITHUB_STEP_SUMMARY CI
export AWS_ENDPOINT_URL=http://127.0.0.1:9  # discard port: nothing listens

# expect_usage "<expected stderr substring>" args...
expect_usage() {
  local want="$1"
  shift
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  local lines
  lines=$(wc -l <"$tmp/err")
  if [[ $rc -ne 2 || $lines -ne 1 || -s "$tmp/out" ]] || ! grep -qF -- "$want" "$tmp/err" ||
     ! grep -q '^ecsdeploy: error: ' "$tmp/err"; then
    echo "FAIL: ecsdeploy $* -> rc=$rc, $lines stderr line(s):"
    sed 's/^/    /' "$tmp/err" "$tmp/out"
    fails=$((fails + 1))
  else
    echo "ok: ecsdeploy $*"
  fi
}

expect_usage "unknown option '--bogus'" --bogus
expect_usage "unknown option '--bogus' for 'ecsdeploy whoami'" whoami --bogus
expect_usage "unknown command 'deplyo'" deplyo
expect_usage "empty region" whoami --region ""
expect_usage "empty region" --region= whoami
expect_usage "invalid region 'not a region'" whoami --region "not a region"
expect_usage "invalid endpoint URL 'localhost:4566'" whoami --endpoint-url localhost:4566
expect_usage "invalid endpoint URL 'http://exa mple'" whoami --endpoint-url "http://exa mple"
expect_usage "invalid endpoint URL" whoami --endpoint-url "ftp://example.com"
expect_usage "needs a value" whoami --region
expect_usage "invalid output format 'yaml'" whoami --output yaml
expect_usage "no command given" --region us-east-1

# Command options (only once the command exists in this build).
if "$bin" deploy --help >/dev/null 2>&1; then
  common=(--cluster stg --service web --container app)
  expect_usage "invalid desired count 'abc'" deploy "${common[@]}" --image-tag v1 --desired-count abc
  expect_usage "invalid desired count '-1'" deploy "${common[@]}" --image-tag v1 --desired-count -1
  expect_usage "invalid image tag 'v1 beta'" deploy "${common[@]}" --image-tag "v1 beta"
  expect_usage "invalid image tag '\$(id)'" deploy "${common[@]}" --image-tag '$(id)'
  expect_usage "invalid image tag 'a;rm'" deploy "${common[@]}" --image-tag 'a;rm'
  expect_usage "invalid cluster name 'stg prod'" deploy --cluster "stg prod" --service web \
    --container app --image-tag v1
  expect_usage "missing image tag" deploy "${common[@]}"
  ECSDEPLOY_DESIRED_COUNT=x expect_usage "(from ECSDEPLOY_DESIRED_COUNT)" deploy "${common[@]}" --image-tag v1
  expect_usage "invalid timeout 'soon'" deploy "${common[@]}" --image-tag v1 --timeout soon
  printf 'web:\n  clustr: stg\n' >ecsdeploy.yml
  expect_usage "unknown key 'clustr'" deploy --service web --container app --image-tag v1
  rm ecsdeploy.yml
  expect_usage "--target 'web' given but no ecsdeploy.yml" deploy --target web --image-tag v1
  expect_usage "invalid desired count 'many'" scale --cluster stg --service web --desired-count many
fi

# Under GitHub Actions the same one error line is also a ::error annotation (two lines, both
# for a usage error found by the global parser and one found inside a command).
for args in "--bogus" "deploy --cluster stg --service web --container app --image-tag bad;tag"; do
  # shellcheck disable=SC2086
  GITHUB_ACTIONS=true "$bin" $args >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [[ $rc -ne 2 || $(wc -l <"$tmp/err") -ne 2 ]] || ! grep -q '^ecsdeploy: error: ' "$tmp/err" ||
     ! grep -q '^::error title=ecsdeploy::' "$tmp/err"; then
    echo "FAIL: GITHUB_ACTIONS=true ecsdeploy $args -> rc=$rc:"
    sed 's/^/    /' "$tmp/err"
    fails=$((fails + 1))
  else
    echo "ok: GITHUB_ACTIONS=true ecsdeploy $args (error line + annotation)"
  fi
done

if [[ $fails -ne 0 ]]; then
  echo "$fails case(s) failed"
  exit 1
fi
echo "all bad-input cases exit 2 with one line"
