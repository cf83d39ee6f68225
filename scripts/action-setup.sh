#!/usr/bin/env bash
# The setup step of the composite action (action.yml): where the ecsdeploy binary comes from.
#   1. ecsdeploy-path: that file.
#   2. A release: the `version` input, else the action's own ref when it is a version tag
#      (v0.2.0), or a commit SHA that a release was built from (the version in the action's
#      CMakeLists.txt names the release; its BUILD_INFO names the commit). The binary for the
#      runner's architecture is downloaded, checked against the release's SHA256SUMS, kept in
#      the runner's tool cache, and only then run (`--version`).
#   3. Otherwise (a branch, a fork's commit, a local `./` copy; or a tag without a release):
#      build from source (the next steps of action.yml, cached by version and source hash).
# Bad input fails this step with one ::error line saying what to do: an unsupported runner
# OS or architecture, a `version` with no release, a release without this architecture's
# binary, or a checksum mismatch (the file is deleted, never run).
# Environment: PREBUILT, ACTION_DIR, ACTION_REF, ACTION_REPOSITORY, INPUT_VERSION, RUNNER_OS,
# RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_OUTPUT; ECSDEPLOY_RELEASE_URL replaces
# https://github.com/<repository>/releases/download (tests, mirrors).
set -euo pipefail

fail() {
  echo "::error title=ecsdeploy setup::$*"
  exit 1
}
out() { echo "$1=$2" >>"$GITHUB_OUTPUT"; }

if [ -n "${PREBUILT:-}" ]; then
  if [ ! -x "$PREBUILT" ] || [ -d "$PREBUILT" ]; then
    fail "ecsdeploy-path '$PREBUILT' is not an executable file"
  fi
  out bin "$(cd "$(dirname "$PREBUILT")" && pwd)/$(basename "$PREBUILT")"
  out build false
  exit 0
fi

if [ "${RUNNER_OS:-Linux}" != "Linux" ]; then
  fail "runner OS ${RUNNER_OS} is not supported: ecsdeploy runs on Linux runners (X64, ARM64); use runs-on: ubuntu-latest, or pass ecsdeploy-path"
fi
case ${RUNNER_ARCH:-X64} in
  X64) asset=ecsdeploy-linux-x86_64 ;;
  ARM64) asset=ecsdeploy-linux-arm64 ;;
  *) fail "runner architecture ${RUNNER_ARCH} is not supported: ecsdeploy has X64 and ARM64 Linux binaries; use one of those runners, or pass ecsdeploy-path" ;;
esac

project_version=$(sed -n 's/^project(ecsdeploy VERSION \([0-9.]*\).*/\1/p' "$ACTION_DIR/CMakeLists.txt" 2>/dev/null || true)
ref=${ACTION_REF:-}
version="" explicit=0 want_commit=""
if [ -n "${INPUT_VERSION:-}" ]; then
  version=${INPUT_VERSION#v}
  explicit=1
  if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    fail "version '${INPUT_VERSION}' is not a release version such as 0.2.0 (or leave it empty to use the action's ref)"
  fi
elif [[ $ref =~ ^v?[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  version=${ref#v}
elif [[ $ref =~ ^[0-9a-f]{40}$ ]] && [ -n "$project_version" ]; then
  version=$project_version
  want_commit=$ref
fi

build_from_source() {
  echo "ecsdeploy: $1; building from source"
  local sources
  sources=$(cd "$ACTION_DIR" && find CMakeLists.txt cmake src -type f ! -name '*_test.cpp' \
    | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
  out key "ecsdeploy-${RUNNER_OS:-Linux}-${RUNNER_ARCH:-X64}-${project_version}-${sources}"
  out bin "$HOME/.ecsdeploy/bin/ecsdeploy"
  out build true
  exit 0
}

if [ -z "$version" ]; then
  build_from_source "the action's ref '${ref:-local}' is not a release (set the version input to use a release binary)"
fi

repo=${ACTION_REPOSITORY:-}
base=${ECSDEPLOY_RELEASE_URL:-https://github.com/${repo}/releases/download}/v$version
work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/ecsdeploy-setup.XXXXXX")
trap 'rm -rf "$work"' EXIT

# fetch URL FILE: prints the HTTP status (000 when there was no answer).
fetch() {
  if command -v curl >/dev/null; then
    curl -sSL --retry 3 --connect-timeout 10 --max-time 120 -o "$2" -w '%{http_code}' "$1" 2>"$work/err" || true
  elif command -v wget >/dev/null; then
    if wget -q -T 60 -O "$2" "$1" 2>"$work/err"; then echo 200; elif grep -q ' 404' "$work/err"; then echo 404; else echo 000; fi
  else
    fail "neither curl nor wget is installed on this runner: install one, or pass ecsdeploy-path"
  fi
}
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
listed() { awk -v a="$1" '$2 == a || $2 == "*" a { print $1; exit }' "$work/SHA256SUMS"; }

status=$(fetch "$base/SHA256SUMS" "$work/SHA256SUMS")
if [ "$status" = 404 ]; then
  if [ "$explicit" = 1 ]; then
    fail "no release v$version of ${repo:-ecsdeploy} (SHA256SUMS not found at $base): check the version input"
  fi
  build_from_source "no release v$version of ${repo:-ecsdeploy} for ref '$ref'"
elif [ "$status" != 200 ]; then
  fail "could not download $base/SHA256SUMS (HTTP $status: $(head -c 200 "$work/err")): re-run the job; if the network is restricted, pass ecsdeploy-path"
fi

if [ -n "$want_commit" ]; then
  info_sum=$(listed BUILD_INFO)
  status=$(fetch "$base/BUILD_INFO" "$work/BUILD_INFO")
  if [ "$status" != 200 ] || [ -z "$info_sum" ] || [ "$(sha256_of "$work/BUILD_INFO")" != "$info_sum" ]; then
    fail "release v$version has no verifiable BUILD_INFO (HTTP $status): set the version input to $version to use its binary"
  fi
  built_from=$(sed -n 's/^commit=//p' "$work/BUILD_INFO")
  if [ "$built_from" != "$want_commit" ]; then
    build_from_source "release v$version was built from ${built_from:-an unknown commit}, not from this action's commit $want_commit"
  fi
fi

expected=$(listed "$asset")
if [ -z "$expected" ]; then
  fail "release v$version has no $asset (runner architecture ${RUNNER_ARCH:-X64}) in its SHA256SUMS: use a runner of an architecture it ships, or pass ecsdeploy-path"
fi

dest_dir=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/ecsdeploy/$version/$asset
bin=$dest_dir/ecsdeploy
if [ -f "$bin" ] && [ "$(sha256_of "$bin")" = "$expected" ]; then
  echo "ecsdeploy: release v$version ($asset) from the tool cache, sha256 $expected"
else
  status=$(fetch "$base/$asset" "$work/$asset")
  if [ "$status" != 200 ]; then
    fail "release v$version lists $asset but downloading it failed (HTTP $status at $base/$asset): re-run the job; if it persists, set the version input to another release or pass ecsdeploy-path"
  fi
  actual=$(sha256_of "$work/$asset")
  if [ "$actual" != "$expected" ]; then
    rm -f "$work/$asset"
    fail "checksum mismatch for $asset of release v$version: SHA256SUMS says $expected, the download is $actual; it was deleted and not run (a corrupt or altered download): re-run the job, and report it if it persists"
  fi
  mkdir -p "$dest_dir"
  mv "$work/$asset" "$bin.partial"
  chmod 0755 "$bin.partial"
  mv "$bin.partial" "$bin"
  echo "ecsdeploy: release v$version ($asset), sha256 $expected verified"
fi
if ! line=$("$bin" --version 2>&1); then
  fail "the ecsdeploy v$version binary does not start on this runner (${line:0:200}): it needs Linux with glibc 2.31 or newer; pass ecsdeploy-path to use another build"
fi
echo "$line"
out bin "$bin"
out build false
