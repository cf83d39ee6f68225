# Portable release build (-DECSDEPLOY_PORTABLE=ON, driven by scripts/release.sh with the
# toolchain file cmake/release-toolchain.cmake): the binary's only run-time needs are glibc
# 2.31+ and its dynamic loader. libstdc++, libgcc, OpenSSL, yaml-cpp and fmt are linked in;
# the sysroot (scripts/release_sysroot.sh) holds Debian 11's glibc, so no symbol newer than
# 2.31 can be referenced, and cmake/portable/glibc_compat.cpp fills the three that Debian 12's
# static libstdc++/libgcc_eh expect. docs/releases.md explains the choices.

# Executables get the compat symbols and the static runtime; a no-op in other builds.
function(ecsdeploy_portable_executable target)
  if(ECSDEPLOY_PORTABLE)
    target_sources(${target} PRIVATE "${PROJECT_SOURCE_DIR}/cmake/portable/glibc_compat.cpp")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc -Wl,--gc-sections
                        -Wl,--as-needed -Wl,-O1)
    target_link_libraries(${target} PRIVATE ${CMAKE_DL_LIBS})
  endif()
endfunction()

if(ECSDEPLOY_PORTABLE)
  add_compile_options(-ffunction-sections -fdata-sections)
  # fmt header-only and yaml-cpp's static archive: both CMake packages name shared libraries.
  find_path(ECSDEPLOY_FMT_INCLUDE fmt/format.h REQUIRED)
  add_library(ecsdeploy_fmt_header_only INTERFACE)
  target_include_directories(ecsdeploy_fmt_header_only INTERFACE "${ECSDEPLOY_FMT_INCLUDE}")
  target_compile_definitions(ecsdeploy_fmt_header_only INTERFACE FMT_HEADER_ONLY=1)
  set(ECSDEPLOY_FMT ecsdeploy_fmt_header_only)
  find_path(ECSDEPLOY_YAML_CPP_INCLUDE yaml-cpp/yaml.h REQUIRED)
  find_library(ECSDEPLOY_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a REQUIRED)
  add_library(ecsdeploy_yaml_cpp_static STATIC IMPORTED)
  set_target_properties(ecsdeploy_yaml_cpp_static PROPERTIES
    IMPORTED_LOCATION "${ECSDEPLOY_YAML_CPP_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${ECSDEPLOY_YAML_CPP_INCLUDE}")
  set(ECSDEPLOY_YAML_CPP ecsdeploy_yaml_cpp_static)
endif()
