#!/usr/bin/env bash
# Builds the sysroot a portable release binary is compiled against (scripts/release.sh):
# Debian 11's C library (glibc 2.31: the oldest the binary supports, so every symbol it
# needs exists on Debian 11, Ubuntu 20.04 and anything newer) plus Debian 12's static
# OpenSSL and yaml-cpp and the header-only libraries. Packages come through apt-get with a
# private state directory (no change to the machine's apt sources) and are unpacked with
# dpkg-deb -x; nothing is installed.
#   scripts/release_sysroot.sh ARCH DIR          ARCH: amd64 or arm64
#   PACKAGES_SUITE=bookworm RUNTIME=1 ...        the runtime root the arm64 unit tests use
set -euo pipefail
arch=$1
dir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${ECSDEPLOY_CACHE:-$root/.cache}/release
apt_root=$cache/apt
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

libc_suite=bullseye
# glibc from Debian 11; the static libraries (built by Debian 12 against glibc 2.36, but
# static archives carry no symbol versions, so they link against 2.31; the few 2.32+
# symbols they use are supplied by cmake/portable/glibc_compat.cpp).
libc_packages=(libc6 libc6-dev linux-libc-dev libcrypt1 libcrypt-dev)
dev_packages=(libssl-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev)
if [ "${RUNTIME:-0}" = "1" ]; then
  # The arm64 unit tests link the test servers' cpp-httplib dynamically: a Debian 12 root.
  libc_suite=bookworm
  dev_packages+=(libssl3 libcpp-httplib-dev libcpp-httplib0.11 libgtest-dev libgmock-dev
    zlib1g zlib1g-dev libbrotli1 libbrotli-dev libstdc++6 libgcc-s1 libyaml-cpp0.7 libfmt-dev libfmt9)
fi

stamp="$dir/.ecsdeploy-sysroot"
want="$arch $libc_suite ${libc_packages[*]} ${dev_packages[*]} v1"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

mkdir -p "$apt_root/etc/apt/apt.conf.d" "$apt_root/etc/apt/preferences.d" \
  "$apt_root/etc/apt/sources.list.d" "$apt_root/var/lib/apt/lists/partial" \
  "$apt_root/var/cache/apt/archives/partial" "$apt_root/var/lib/dpkg"
touch "$apt_root/var/lib/dpkg/status"
cat >"$apt_root/etc/apt/sources.list" <<SOURCES
deb [arch=amd64,arm64 signed-by=$keyring] $mirror bullseye main
deb [arch=amd64,arm64 signed-by=$keyring] $mirror bookworm main
SOURCES
apt_opts=(-o "Dir=$apt_root" -o "Dir::State::status=$apt_root/var/lib/dpkg/status"
  -o "Dir::Etc::TrustedParts=$apt_root/etc/apt/trusted.gpg.d" -o "APT::Architecture=amd64"
  -o "APT::Architectures::=amd64" -o "APT::Architectures::=arm64" -o "Debug::NoLocking=1"
  -o "Acquire::Languages=none" -q)
lists_age=$(( $(date +%s) - $(stat -c %Y "$apt_root/var/lib/apt/lists" 2>/dev/null || echo 0) ))
if [ ! -f "$apt_root/.updated" ] || [ "$lists_age" -gt 86400 ]; then
  apt-get "${apt_opts[@]}" update >&2
  touch "$apt_root/.updated" "$apt_root/var/lib/apt/lists"
fi

# Arch-independent packages are named without the architecture.
arch_all=" nlohmann-json3-dev libcli11-dev "
specs=()
for p in "${libc_packages[@]}"; do specs+=("$p:$arch/$libc_suite"); done
for p in "${dev_packages[@]}"; do
  if [[ $arch_all == *" $p "* ]]; then specs+=("$p/bookworm"); else specs+=("$p:$arch/bookworm"); fi
done
debs=$(mktemp -d "$apt_root/debs.XXXXXX")
trap 'rm -rf "$debs"' EXIT
(cd "$debs" && apt-get "${apt_opts[@]}" download "${specs[@]}" >&2)

rm -rf "$dir"
mkdir -p "$dir"
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$dir"
done
# Debian's merged /usr: /lib and /lib64 point into /usr, as on the machines that run it.
for l in lib lib64; do
  if [ -d "$dir/$l" ] && [ ! -L "$dir/$l" ]; then
    mkdir -p "$dir/usr/$l"
    cp -a "$dir/$l/." "$dir/usr/$l/"
    rm -rf "${dir:?}/$l"
  fi
  [ -e "$dir/$l" ] || ln -s "usr/$l" "$dir/$l"
done
# Absolute symlinks (ld-linux-x86-64.so.2 -> /lib/...) would point at the build machine's
# files: make them relative, inside the sysroot. (The linker itself prefixes the absolute
# paths in libc.so's linker script with the sysroot.)
find "$dir" -type l | while read -r link; do
  target=$(readlink "$link")
  case $target in
    /*) ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$dir$target")" "$link" ;;
  esac
done
echo "$want" >"$stamp"
