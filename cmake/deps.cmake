# Every dependency is a Debian -dev package (see scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(yaml-cpp REQUIRED)  # ecsdeploy.yml config files only (cli/config_file)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # emulator and test servers only
if(ECSDEPLOY_TESTS)
  find_package(GTest REQUIRED)
endif()
