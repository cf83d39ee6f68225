#!/usr/bin/env bash
# Installs the Debian packages ecsdeploy needs to build and test. Idempotent, no prompts;
# runs apt-get only when something is missing. Needs root (or sudo) when it installs.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libssl-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libcpp-httplib-dev zlib1g-dev libbrotli-dev libgtest-dev libgmock-dev libyaml-cpp-dev
  jq curl procps
  clang-format-14 clang-tidy-14  # scripts/check_format.sh, scripts/check_tidy.sh
  clang-14 libclang-rt-14-dev  # scripts/fuzz.sh and emulator/fuzz/run.sh: libFuzzer + ASan/UBSan runtimes
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
