# Every dependency is a Debian -dev package (see scripts/install-deps.sh). A portable build
# (ECSDEPLOY_PORTABLE, scripts/release.sh) links them statically: cmake/portable.cmake.
find_package(Threads REQUIRED)
if(ECSDEPLOY_PORTABLE)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
if(NOT ECSDEPLOY_PORTABLE)  # cmake/portable.cmake finds the static forms
  find_package(fmt REQUIRED)
  find_package(yaml-cpp REQUIRED)  # ecsdeploy.yml config files only (cli/config_file)
endif()
set(ECSDEPLOY_FMT fmt::fmt)
set(ECSDEPLOY_YAML_CPP yaml-cpp)
if(NOT ECSDEPLOY_PORTABLE)  # the portable build makes the ecsdeploy binary only
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # emulator and test servers only
endif()
if(ECSDEPLOY_TESTS)
  find_package(GTest REQUIRED)
endif()
