#include "aws/version.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace aws {
namespace {

// The version is spelled twice (CMake and version.h); this keeps them in step.
TEST(VersionTest, MatchesTheCMakeProjectVersion) {
  const char* source_dir = std::getenv("ECSDEPLOY_SOURCE_DIR");
  std::ifstream in(std::string(source_dir ? source_dir : ECSDEPLOY_SOURCE_DIR) + "/CMakeLists.txt");
  ASSERT_TRUE(in) << "cannot read the top-level CMakeLists.txt";
  std::stringstream text;
  text << in.rdbuf();
  const std::string expected = "project(ecsdeploy VERSION " + std::string(k_version) + " ";
  EXPECT_NE(text.str().find(expected), std::string::npos) << "version.h says " << k_version;
  EXPECT_EQ(k_user_agent, "ecsdeploy/" + std::string(k_version));
}

}  // namespace
}  // namespace aws
