#pragma once
// The ecsdeploy version as the AWS layer reports it (User-Agent). It must match the
// project(VERSION) in the top-level CMakeLists.txt; version_test.cpp checks that.

#include <string_view>

namespace aws {

inline constexpr std::string_view k_version = "0.1.0";
inline constexpr std::string_view k_user_agent = "ecsdeploy/0.1.0";

}  // namespace aws
