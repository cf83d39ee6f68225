# Toolchain for the portable release build (scripts/release.sh sets the environment):
#   ECSDEPLOY_RELEASE_ARCH  x86_64 or aarch64: Debian's <arch>-linux-gnu-g++-12 (for aarch64
#                           the g++-aarch64-linux-gnu cross compiler)
#   ECSDEPLOY_SYSROOT       from scripts/release_sysroot.sh: Debian 11's glibc, static libs
# Read from the environment so that CMake's try_compile projects see them too.
set(arch "$ENV{ECSDEPLOY_RELEASE_ARCH}")
set(sysroot "$ENV{ECSDEPLOY_SYSROOT}")
if(arch STREQUAL "" OR sysroot STREQUAL "")
  message(FATAL_ERROR "release-toolchain.cmake: set ECSDEPLOY_RELEASE_ARCH and ECSDEPLOY_SYSROOT "
                      "(scripts/release.sh does)")
endif()
set(triple "${arch}-linux-gnu")

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR "${arch}")
set(CMAKE_C_COMPILER "${triple}-gcc-12")
set(CMAKE_CXX_COMPILER "${triple}-g++-12")
set(CMAKE_SYSROOT "${sysroot}")
set(CMAKE_FIND_ROOT_PATH "${sysroot}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config (the arm64 unit-test build's cpp-httplib) reads the sysroot's .pc files.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${sysroot}")
set(ENV{PKG_CONFIG_LIBDIR} "${sysroot}/usr/lib/${triple}/pkgconfig:${sysroot}/usr/share/pkgconfig")

# A Debian cross compiler also searches /usr/<triple>/include (its own libc6-dev-<arch>-cross,
# Debian 12's glibc headers) before the sysroot. List the directories explicitly without it,
# in GCC's own order, so every C header is the sysroot's.
if(EXISTS "/usr/${triple}/include/c++/12")
  set(gcc_inc "/usr/lib/gcc-cross/${triple}/12/include")
  set(cxx_inc "/usr/${triple}/include/c++/12")
  foreach(lang C CXX)
    set(flags "-nostdinc")
    if(lang STREQUAL "CXX")
      string(APPEND flags " -isystem ${cxx_inc} -isystem ${cxx_inc}/${triple} -isystem ${cxx_inc}/backward")
    endif()
    string(APPEND flags " -isystem ${gcc_inc} -isystem ${sysroot}/usr/include/${triple} -isystem ${sysroot}/usr/include")
    set(CMAKE_${lang}_FLAGS_INIT "${flags}")
  endforeach()
endif()

# GCC searches its own installation's library directories (the build machine's glibc 2.36)
# before the sysroot's. -B and -L put the sysroot's crt files and libc first, so nothing
# newer than the sysroot's glibc can be linked; tests/release/portable_check.py proves it.
set(libdir "${sysroot}/usr/lib/${triple}")
string(APPEND CMAKE_EXE_LINKER_FLAGS_INIT " -B${libdir}/ -L${libdir}")
string(APPEND CMAKE_SHARED_LINKER_FLAGS_INIT " -B${libdir}/ -L${libdir}")
