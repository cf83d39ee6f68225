#!/usr/bin/env bash
# Builds the portable release binaries: Linux x86_64 and arm64, each needing only glibc 2.31+
# and its dynamic loader (libstdc++, OpenSSL, yaml-cpp, fmt linked in; HTTPS without libcurl).
# Debian's gcc 12 (and g++-aarch64-linux-gnu) compile against a Debian 11 sysroot
# (scripts/release_sysroot.sh). docs/releases.md says why it is built this way.
#   scripts/release.sh                      both binaries into dist/, plus SHA256SUMS, BUILD_INFO
#   scripts/release.sh --arch x86_64        one (x86_64 or aarch64)
#   scripts/release.sh --check [--arch A]   build, then prove it (tests/release/portable_check.py):
#       x86_64: needed-library and glibc-version checks, --version here and in a minimal Debian
#               11 root filesystem (debootstrap, cached in ~/.cache/ecsdeploy/), whoami and a full
#               deploy there against ecs-emulator (built in $ECSDEPLOY_BUILD_DIR, default
#               build/), HTTPS with AWS_CA_BUNDLE / SSL_CERT_FILE / no bundle
#       aarch64: the same library checks, --version under qemu-user (qemu-user-static) in a
#               Debian 11 arm64 root, and the unit tests cross-built and run under qemu-user
# Environment: JOBS (default 2), ECSDEPLOY_CACHE (default .cache: sysroots, apt state),
# ECSDEPLOY_ROOTFS_CACHE (default ~/.cache/ecsdeploy: the Debian 11 root filesystem and its
# tarball), DIST (default dist), ECSDEPLOY_COMMIT (default git HEAD).
# shellcheck disable=SC2317  # check_x86_64 and check_aarch64 are called by name
# The whole script is one { } block: bash reads it completely before running, so editing the
# file during a (long) run cannot change what that run does.
{
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

arches=(x86_64 aarch64)
check=0
while [ $# -gt 0 ]; do
  case $1 in
    --arch) arches=("$2"); shift 2 ;;
    --check) check=1; shift ;;
    -h|--help) sed -n '2,/^# Environment/p;/^# ECSDEPLOY_ROOTFS/,/^# tarball/p' "$0"; exit 0 ;;
    *) echo "release.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

jobs=${JOBS:-2}
cache=${ECSDEPLOY_CACHE:-$root/.cache}/release
# The Debian 11 root filesystem outlives checkouts (CI clones afresh): a per-user cache, like
# ccache's. The sysroot stays in the checkout, where ccache's base-relative paths match.
rootfs_cache=${ECSDEPLOY_ROOTFS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ecsdeploy}
dist=${DIST:-$root/dist}
commit=${ECSDEPLOY_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
mkdir -p "$cache" "$dist" "$rootfs_cache"

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

# Debian packages the release build needs beyond scripts/install-deps.sh's.
tools=(debootstrap debian-archive-keyring binutils g++-12)
for a in "${arches[@]}"; do
  if [ "$a" = aarch64 ]; then tools+=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user-static); fi
done
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "release.sh: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null || { "${sudo_cmd[@]}" apt-get update -qq &&
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null; }
fi

debian_arch() { if [ "$1" = aarch64 ]; then echo arm64; else echo amd64; fi; }
asset_name() { if [ "$1" = aarch64 ]; then echo ecsdeploy-linux-arm64; else echo ecsdeploy-linux-x86_64; fi; }

build_one() {
  local arch=$1 darch sysroot dir
  darch=$(debian_arch "$arch")
  sysroot=$cache/sysroot-$darch
  dir=$root/build-release-$arch
  scripts/release_sysroot.sh "$darch" "$sysroot"
  echo "== release build $arch (sysroot $sysroot)" >&2
  ECSDEPLOY_RELEASE_ARCH=$arch ECSDEPLOY_SYSROOT=$sysroot cmake -S . -B "$dir" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/release-toolchain.cmake" -DCMAKE_BUILD_TYPE=Release \
    -DECSDEPLOY_PORTABLE=ON -DECSDEPLOY_WERROR=ON -DECSDEPLOY_COMMIT="$commit" \
    -DECSDEPLOY_BUILD_TARGET="$arch-linux-gnu" >/dev/null
  ECSDEPLOY_RELEASE_ARCH=$arch ECSDEPLOY_SYSROOT=$sysroot ninja -C "$dir" -j "$jobs" ecsdeploy
  local strip=strip
  if [ "$arch" = aarch64 ]; then strip=aarch64-linux-gnu-strip; fi
  "$strip" --strip-all -o "$dist/$(asset_name "$arch")" "$dir/src/ecsdeploy"
  ls -l "$dist/$(asset_name "$arch")" >&2
}

# The minimal Debian 11 the x86_64 binary is proven on: debootstrap's minbase, nothing added.
# Made once and kept in $cache (CI caches .cache/release between runs).
bullseye_rootfs() {
  local rootfs=$rootfs_cache/rootfs-bullseye-amd64
  local tarball=$rootfs.tar.gz  # what CI caches: root-owned files survive the cache as a tar
  if [ ! -f "$rootfs/.ecsdeploy-complete" ]; then
    "${sudo_cmd[@]}" rm -rf "$rootfs"
    if [ -f "$tarball" ]; then
      echo "== Debian 11 root filesystem from $tarball" >&2
      "${sudo_cmd[@]}" mkdir -p "$rootfs"
      "${sudo_cmd[@]}" tar -xzf "$tarball" -C "$rootfs"
    else
      echo "== debootstrap --variant=minbase bullseye $rootfs (once; cached)" >&2
      "${sudo_cmd[@]}" debootstrap --variant=minbase bullseye "$rootfs" \
        "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >/dev/null
      # apt's download cache and package lists are not part of the system (Docker's debian
      # images drop them too); without them the cached tarball is half the size.
      "${sudo_cmd[@]}" find "$rootfs/var/cache/apt/archives" "$rootfs/var/lib/apt/lists" \
        -type f ! -name lock -delete
      "${sudo_cmd[@]}" tar -czf "$tarball" -C "$rootfs" .
      "${sudo_cmd[@]}" chmod 0644 "$tarball"
    fi
    "${sudo_cmd[@]}" touch "$rootfs/.ecsdeploy-complete"
  fi
  echo "$rootfs"
}

check_x86_64() {
  local build=${ECSDEPLOY_BUILD_DIR:-$root/build}
  if [ ! -x "$build/emulator/ecs-emulator" ]; then
    echo "release.sh: --check needs ecs-emulator: build it first (ninja -C $build ecs-emulator)" >&2
    exit 2
  fi
  local rootfs
  rootfs=$(bullseye_rootfs)
  "${sudo_cmd[@]}" python3 tests/release/portable_check.py --arch x86_64 \
    --binary "$dist/ecsdeploy-linux-x86_64" --rootfs "$rootfs" --emulator "$build/emulator/ecs-emulator"
}

check_aarch64() {
  python3 tests/release/portable_check.py --arch aarch64 --binary "$dist/ecsdeploy-linux-arm64" \
    --qemu-root "$cache/sysroot-arm64"
  # The unit tests, cross-built against Debian 12's arm64 libraries (the test servers link
  # cpp-httplib, which has no static archive) and run under qemu-user.
  local runtime=$cache/runtime-arm64 dir=$root/build-arm64-tests
  RUNTIME=1 scripts/release_sysroot.sh arm64 "$runtime"
  echo "== arm64 unit tests (cross-built, qemu-user)" >&2
  ECSDEPLOY_RELEASE_ARCH=aarch64 ECSDEPLOY_SYSROOT=$runtime cmake -S . -B "$dir" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/release-toolchain.cmake" -DECSDEPLOY_WERROR=ON >/dev/null
  local suites=(util_tests aws_tests services_tests engine_tests cli_tests)
  ECSDEPLOY_RELEASE_ARCH=aarch64 ECSDEPLOY_SYSROOT=$runtime ninja -C "$dir" -j "$jobs" "${suites[@]}"
  local failed=0
  for t in "${suites[@]}"; do
    if ! ECSDEPLOY_SOURCE_DIR=$root ECSDEPLOY_BUILD_DIR=$dir QEMU_LD_PREFIX=$runtime \
      qemu-aarch64-static "$dir/src/$t" --gtest_brief=1 >"$dir/$t.log" 2>&1; then
      echo "FAIL arm64 $t (log: $dir/$t.log)" >&2
      tail -20 "$dir/$t.log" >&2
      failed=1
    else
      echo "ok   arm64 $t: $(grep -o '\[  PASSED  \] [0-9]* tests' "$dir/$t.log")" >&2
    fi
  done
  return "$failed"
}

for a in "${arches[@]}"; do
  case $a in x86_64|aarch64) ;; *) echo "release.sh: --arch is x86_64 or aarch64" >&2; exit 2 ;; esac
  build_one "$a"
done
# BUILD_INFO names the commit, so the action can tell that a commit-pinned ref is this release.
version=$(sed -n 's/^project(ecsdeploy VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
full_commit=${ECSDEPLOY_COMMIT_FULL:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}
printf 'version=%s\ncommit=%s\n' "$version" "$full_commit" >"$dist/BUILD_INFO"
(cd "$dist" && sha256sum BUILD_INFO ecsdeploy-linux-* >SHA256SUMS && cat SHA256SUMS >&2)
if [ "$check" = 1 ]; then
  for a in "${arches[@]}"; do "check_$a"; done
fi
exit
}
