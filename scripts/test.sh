#!/usr/bin/env bash
# The one command that runs every test: installs dependencies, builds with -Werror, runs all
# unit, component, e2e and peer-client (boto3 / aws CLI / moto) tests, then builds again with
# ASan+UBSan and runs the C++ test binaries under the sanitizers.
#   scripts/test.sh            everything
#   SKIP_SANITIZE=1 scripts/test.sh   skip the sanitizer leg (faster local runs)
#   SKIP_FUZZ=1 scripts/test.sh       skip the fuzzing leg
#   SKIP_RELEASE=1 scripts/test.sh    skip the portable release binary's Debian 11 check
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/install-deps.sh

# House checks that need no build: includes point down the layers, the emulator stands alone.
python3 scripts/check_layers.py
# Every C++ source is as .clang-format says (FIX=1 scripts/check_format.sh rewrites drift).
scripts/check_format.sh

jobs=${JOBS:-2}
# Relative paths in ccache keys: a fresh clone elsewhere reuses this checkout's cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}

run_leg() {
  local dir=$1
  shift
  echo "== configure $dir ($*)" >&2
  cmake -S . -B "$dir" -G Ninja -DECSDEPLOY_WERROR=ON "$@" >/dev/null
  echo "== build $dir" >&2
  ninja -C "$dir" -j "$jobs"
  echo "== test $dir" >&2
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 900 ${CTEST_ARGS:-}
}

# Leg 1: the default (unoptimised) build type compiles fastest and matches local dev builds,
# so ccache is usually warm.
run_leg build-test
if [ "${SKIP_RELEASE:-0}" != "1" ]; then
  # Portability leg: the x86_64 release binary (scripts/release.sh) needs only glibc 2.31+,
  # and runs --version, whoami, a deploy against leg 1's ecs-emulator and HTTPS inside a
  # minimal Debian 11 (debootstrap minbase, cached in ~/.cache/ecsdeploy/). arm64 is checked by
  # `scripts/release.sh --check` and the release workflow, not here.
  ECSDEPLOY_BUILD_DIR="$root/build-test" scripts/release.sh --arch x86_64 --check
fi
if [ "${SKIP_SANITIZE:-0}" != "1" ]; then
  # The sanitizer leg runs the C++ test binaries (unit + component); the script suites
  # (labels e2e, python) already ran against the binaries of leg 1.
  CTEST_ARGS="-LE e2e|python" ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_leg build-asan -DCMAKE_BUILD_TYPE=Debug -DECSDEPLOY_SANITIZE=ON
fi
if [ "${SKIP_FUZZ:-0}" != "1" ]; then
  # Fuzzing leg: the client parsers' libFuzzer targets and the emulator's front door, 30 s
  # each (clang build of util, aws, services, cli/config_file and the emulator core only).
  scripts/fuzz.sh 30
fi
