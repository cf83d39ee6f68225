#include "cli/task_definition_input.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cli {
namespace {

class ReadJsonFileTest : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(m_dir); }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  std::string write(const std::string& text) {
    const std::string p = (m_dir / "td.json").string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  const std::filesystem::path m_dir =
      std::filesystem::temp_directory_path() /
      ("ecsdeploy-td-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_F(ReadJsonFileTest, KeepsUnknownMembersOfARealDocument) {
  auto f = read_json_file(write(R"({"family":"web","x-extra":{"deep":[[1]]}})"));
  ASSERT_TRUE(f.ok()) << f.error().describe();
  EXPECT_EQ(f->json.dump(), R"({"family":"web","x-extra":{"deep":[[1]]}})");
}

// 100,000 levels used to overflow the stack in nlohmann's recursive copy and destruction.
TEST_F(ReadJsonFileTest, DeepNestingIsRefusedBeforeParsing) {
  const std::string path =
      write("{\"family\":" + std::string(100000, '[') + std::string(100000, ']') + "}");
  auto f = read_json_file(path);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, util::ErrorKind::InvalidInput);
  EXPECT_EQ(f.error().message, path + " is nested deeper than 512 levels (at byte 521)");
}

TEST_F(ReadJsonFileTest, OnlyRegularFilesAreRead) {
  auto f = read_json_file("/dev/zero");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "cannot read /dev/zero: not a regular file (a FIFO, socket or device is not read)");
}

}  // namespace
}  // namespace cli
