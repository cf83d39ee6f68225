#!/usr/bin/env bash
# Format check: clang-format 14 (.clang-format) over the C++ sources of src/, emulator/, tests/
# and fuzz/, without changing them. Exit 1 and clang-format's diagnostics on any drift.
#   scripts/check_format.sh [ROOT]        check
#   FIX=1 scripts/check_format.sh [ROOT]  rewrite the drifted files in place
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
format=$(command -v clang-format-14 || command -v clang-format)
mapfile -t files < <(find src emulator tests fuzz -type f \( -name '*.cpp' -o -name '*.h' \) \
  -not -path '*/corpus/*' -not -name 'workflow_templates.cpp' 2>/dev/null | sort)
if [ "${FIX:-0}" = "1" ]; then
  "$format" -i "${files[@]}"
  exit 0
fi
if ! "$format" --dry-run --Werror "${files[@]}"; then
  echo "check_format: sources differ from .clang-format; FIX=1 $0 rewrites them" >&2
  exit 1
fi
