#pragma once
// A fresh directory for one test (a HOME with ~/.aws files, a token file), removed with the
// fixture. Named after the running test and this process, so parallel ctest runs of the same
// binary never share one. Construct it inside a test or fixture: the name needs the running
// test. Header-only (see http_response.h).

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

#include <gtest/gtest.h>

namespace testing_support {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix)
      : m_path(std::filesystem::temp_directory_path() /
               (prefix + "-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;  // a destructor must not throw; a leftover dir is harmless
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace testing_support
