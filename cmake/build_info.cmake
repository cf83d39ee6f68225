# What `ecsdeploy --version` and the User-Agent say, from one source: project(VERSION) in the
# top-level CMakeLists.txt. The commit and the build target come with it; scripts/release.sh
# passes both, other builds take the commit checked out at configure time.
set(ECSDEPLOY_COMMIT "" CACHE STRING "Commit shown by --version (default: git HEAD at configure)")
set(ECSDEPLOY_BUILD_TARGET "" CACHE STRING "Target shown by --version (default: <arch>-linux-gnu)")

set(ecsdeploy_commit "${ECSDEPLOY_COMMIT}")
if(ecsdeploy_commit STREQUAL "")
  execute_process(COMMAND git rev-parse --short=12 HEAD
                  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
                  OUTPUT_VARIABLE ecsdeploy_commit OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET RESULT_VARIABLE git_rc)
  if(NOT git_rc EQUAL 0 OR ecsdeploy_commit STREQUAL "")
    set(ecsdeploy_commit "unknown")
  endif()
endif()
set(ecsdeploy_target "${ECSDEPLOY_BUILD_TARGET}")
if(ecsdeploy_target STREQUAL "")
  set(ecsdeploy_target "${CMAKE_SYSTEM_PROCESSOR}-linux-gnu")
  if(NOT ECSDEPLOY_PORTABLE)
    set(ecsdeploy_target "${ecsdeploy_target}, development build")
  endif()
endif()

set(ECSDEPLOY_GENERATED_DIR "${PROJECT_BINARY_DIR}/generated")
configure_file("${PROJECT_SOURCE_DIR}/cmake/build_info.h.in"
               "${ECSDEPLOY_GENERATED_DIR}/aws/build_info.h" @ONLY)
