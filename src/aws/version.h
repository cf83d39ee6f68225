#pragma once
// The ecsdeploy version, and the commit and target of this build. One source of truth: the
// project(VERSION) in the top-level CMakeLists.txt, which cmake/build_info.cmake writes into
// the generated aws/build_info.h; --version (cli/app), --help and the User-Agent read it here.
//   k_version       "0.1.0"
//   k_user_agent    "ecsdeploy/0.1.0"
//   k_build_commit  "6eefd5b1a2c3" (12 hex digits) or "unknown"
//   k_build_target  "x86_64-linux-gnu" (release) or "x86_64-linux-gnu, development build"
//   k_version_line  "ecsdeploy 0.1.0 (commit 6eefd5b1a2c3, x86_64-linux-gnu)"

#include "aws/build_info.h"  // IWYU pragma: export
