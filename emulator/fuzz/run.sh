#!/usr/bin/env bash
# emulator/fuzz/run.sh [seconds]: builds emulator_request_fuzzer with clang 14 (libFuzzer,
# ASan, UBSan) in its own build directory and fuzzes the emulator's front door for `seconds`
# (default 60), starting from corpus/ (left untouched: new inputs go to a scratch directory).
# Exits non-zero on a crash, leak, timeout (-timeout) or memory blow-up (-rss_limit_mb); the
# reproducer is left in $FUZZ_BUILD_DIR/artifacts/. Needs clang-14 and libclang-rt-14-dev.
set -euo pipefail

seconds="${1:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz-emulator}"
jobs="${FUZZ_BUILD_JOBS:-2}"

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECSDEPLOY_FUZZ=ON -DECSDEPLOY_TESTS=OFF >/dev/null
ninja -C "$build" -j "$jobs" emulator_request_fuzzer

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build/artifacts"
"$build/emulator/fuzz/emulator_request_fuzzer" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$build/artifacts/" \
  "$scratch" "$here/corpus"
