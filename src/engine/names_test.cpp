#include "engine/names.h"

#include <gtest/gtest.h>

#include <string>

namespace engine {
namespace {

TEST(NamesTest, ResourceNames) {
  EXPECT_TRUE(is_valid_resource_name("web-api_2"));
  EXPECT_FALSE(is_valid_resource_name(""));
  EXPECT_FALSE(is_valid_resource_name("web api"));
  EXPECT_FALSE(is_valid_resource_name("web/api"));
  EXPECT_TRUE(is_valid_resource_name(std::string(255, 'a')));
  EXPECT_FALSE(is_valid_resource_name(std::string(256, 'a')));
}

TEST(NamesTest, ImageTags) {
  EXPECT_TRUE(is_valid_image_tag("3f9c2ab"));
  EXPECT_TRUE(is_valid_image_tag("v1.2.3-rc_1"));
  EXPECT_TRUE(is_valid_image_tag("_x"));
  EXPECT_FALSE(is_valid_image_tag(""));
  EXPECT_FALSE(is_valid_image_tag(".hidden"));
  EXPECT_FALSE(is_valid_image_tag("-x"));
  EXPECT_FALSE(is_valid_image_tag("a b"));
  EXPECT_FALSE(is_valid_image_tag("a;rm -rf"));
  EXPECT_FALSE(is_valid_image_tag("$(id)"));
  EXPECT_TRUE(is_valid_image_tag(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_image_tag(std::string(129, 'a')));
}

TEST(NamesTest, Digests) {
  EXPECT_TRUE(is_valid_digest("sha256:" + std::string(64, 'a')));
  EXPECT_FALSE(is_valid_digest("sha256:" + std::string(63, 'a')));
  EXPECT_FALSE(is_valid_digest("sha256:" + std::string(64, 'G')));
  EXPECT_FALSE(is_valid_digest("md5:" + std::string(64, 'a')));
}

}  // namespace
}  // namespace engine
