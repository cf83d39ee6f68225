#!/usr/bin/env bash
# clang-tidy 14 with the curated .clang-tidy (bug-finding checks only; WarningsAsErrors) over
# the product code: src/ and emulator/ without tests, test fixtures or generated files.
#   scripts/check_tidy.sh BUILD_DIR [FILE...]   (BUILD_DIR has compile_commands.json)
# Exit 1 on any finding. The compile database is gcc's: clang is told to ignore the gcc-only
# warning flags (-Wno-restrict).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: check_tidy.sh BUILD_DIR [FILE...]}
shift
cd "$root"
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(find src emulator/core emulator/server -name '*.cpp' \
    -not -name '*_test.cpp' -not -path '*/testing/*' -not -name 'workflow_templates.cpp' | sort)
fi
jobs=${JOBS:-2}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One clang-tidy per file, $jobs at a time; a file's findings are printed whole.
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} sh -c \
  '"$0" -p "$1" --quiet --extra-arg=-Wno-unknown-warning-option "$2" >"$3.$$" 2>&1 || { cat "$3.$$"; echo "TIDY-FAILED $2"; }; rm -f "$3.$$"' \
  "$tidy" "$build" {} "$log" >>"$log" 2>&1 || true
if grep -q '^TIDY-FAILED ' "$log"; then
  grep -v 'warnings generated\|Suppressed [0-9]* warnings\|Use -header-filter\|^$' "$log" >&2
  echo "check_tidy: $(grep -c '^TIDY-FAILED ' "$log") file(s) with findings" >&2
  exit 1
fi
echo "check_tidy: ${#files[@]} files clean" >&2
