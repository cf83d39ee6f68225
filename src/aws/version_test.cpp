#include "aws/version.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace aws {
namespace {

// The generated constants carry the CMake project version, and the line --version prints is
// made of them.
TEST(VersionTest, ComesFromTheCMakeProjectVersion) {
  const char* source_dir = std::getenv("ECSDEPLOY_SOURCE_DIR");
  std::ifstream in(std::string(source_dir ? source_dir : ECSDEPLOY_SOURCE_DIR) + "/CMakeLists.txt");
  ASSERT_TRUE(in) << "cannot read the top-level CMakeLists.txt";
  std::stringstream text;
  text << in.rdbuf();
  const std::string expected = "project(ecsdeploy VERSION " + std::string(k_version) + " ";
  EXPECT_NE(text.str().find(expected), std::string::npos) << "build_info.h says " << k_version;
  EXPECT_EQ(k_user_agent, "ecsdeploy/" + std::string(k_version));
  EXPECT_EQ(k_version_line, "ecsdeploy " + std::string(k_version) + " (commit " +
                                std::string(k_build_commit) + ", " + std::string(k_build_target) +
                                ")");
  EXPECT_FALSE(k_build_commit.empty());
  EXPECT_TRUE(k_build_target.find("-linux-gnu") != std::string_view::npos) << k_build_target;
}

}  // namespace
}  // namespace aws
