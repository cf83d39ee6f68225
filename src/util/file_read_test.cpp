#include "util/file_read.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace util {
namespace {

class FileReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = std::filesystem::temp_directory_path() /
            ("file-read-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }
  std::string file(const std::string& name, const std::string& text) {
    std::string p = (m_dir / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::filesystem::path m_dir;
};

TEST_F(FileReadTest, ReadsARegularFileWithinTheLimit) {
  auto r = read_small_regular_file(file("a", "hello\n"), 6);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, "hello\n");
  auto empty = read_small_regular_file(file("e", ""), 6);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST_F(FileReadTest, RefusesMissingLargeAndNonRegularFilesNamingThem) {
  auto missing = read_small_regular_file((m_dir / "nope").string(), 10, "~/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, k_file_not_found_code);
  EXPECT_EQ(missing.error().message, "cannot read ~/nope: No such file or directory");

  auto large = read_small_regular_file(file("big", std::string(11, 'x')), 10, "big.yml");
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.error().message, "cannot read big.yml: larger than the 10 bytes limit");

  auto dir = read_small_regular_file(m_dir.string(), 10, "dir");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message, "cannot read dir: it is a directory");

  auto zero = read_small_regular_file("/dev/zero", 1 << 20);
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(zero.error().message.find("/dev/zero: not a regular file"), std::string::npos);
}

TEST_F(FileReadTest, DevNullReadsAsEmpty) {
  auto r = read_small_regular_file("/dev/null", 10);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, "");
}

TEST_F(FileReadTest, AFifoWithoutAWriterIsRefusedWithoutBlocking) {
  const std::string fifo = (m_dir / "fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = read_small_regular_file(fifo, 100);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("not a regular file"), std::string::npos);
}

TEST(DescribeSizeTest, Units) {
  EXPECT_EQ(describe_size(10 << 20), "10 MiB");
  EXPECT_EQ(describe_size(512 << 10), "512 KiB");
  EXPECT_EQ(describe_size(100), "100 bytes");
}

}  // namespace
}  // namespace util
