#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined): the client
# parsers in fuzz/ and the emulator's front door (emulator/fuzz, target "emulator_request"),
# and runs each for a bounded time on a copy of its seed corpus (fuzz/corpus/<target>/,
# emulator/fuzz/corpus/). Fails on any crash, leak, sanitizer report, timeout (-timeout) or
# memory blow-up (-rss_limit_mb).
#   scripts/fuzz.sh            60 s per target
#   scripts/fuzz.sh 30         30 s per target (CI)
#   FUZZ_TARGETS="aws_json emulator_request" scripts/fuzz.sh 10
# Findings (crash-*, leak-*, timeout-*, oom-*) are left in build-fuzz/findings/<target>/;
# each one becomes a regression unit test beside the parser (or in emulator/tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=${1:-60}
jobs=${JOBS:-2}
dir=${FUZZ_BUILD_DIR:-build-fuzz}
cxx=${FUZZ_CXX:-clang++-14}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}

echo "== configure $dir (clang, fuzz)" >&2
cmake -S . -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DECSDEPLOY_FUZZ=ON \
  -DECSDEPLOY_TESTS=OFF >/dev/null
echo "== build fuzz targets" >&2
ninja -C "$dir" -j "$jobs" fuzz_targets emulator_request_fuzzer

# <target> -> its binary and seed corpus.
binary() { [ "$1" = emulator_request ] && echo "$dir/emulator/fuzz/emulator_request_fuzzer" \
  || echo "$dir/fuzz/fuzz_$1"; }
seeds() { [ "$1" = emulator_request ] && echo emulator/fuzz/corpus || echo "fuzz/corpus/$1"; }

targets=${FUZZ_TARGETS:-"$(cd fuzz/corpus && ls) emulator_request"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in $targets; do
  corpus="$dir/corpus/$t"
  findings="$dir/findings/$t"
  rm -rf "$corpus" "$findings"
  mkdir -p "$corpus" "$findings"
  cp "$(seeds "$t")"/* "$corpus"/
  echo "== fuzz $t for ${seconds}s" >&2
  # -max_len: 64 KiB reaches every limit scaled down (nesting, truncation) yet keeps exec/s high.
  if ! "$(binary "$t")" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" \
      >"$dir/fuzz-$t.log" 2>&1; then
    echo "fuzz: $t FAILED; see $dir/fuzz-$t.log and $findings/" >&2
    tail -n 40 "$dir/fuzz-$t.log" >&2
    status=1
    continue
  fi
  # The last status line: "#N DONE cov: C ft: F corp: ... exec/s: E ..."
  summary=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$dir/fuzz-$t.log" | tail -n 1 || true)
  echo "fuzz: $t ok: ${summary:-no DONE line}" >&2
done
exit $status
