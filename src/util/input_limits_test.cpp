#include "util/input_limits.h"

#include <gtest/gtest.h>

namespace util {
namespace {

std::string nested(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(JsonTooDeepTest, CountsArraysAndObjectsUpToTheLimit) {
  EXPECT_EQ(json_too_deep(nested(512)), std::nullopt);
  EXPECT_EQ(json_too_deep(nested(513)), std::optional<std::size_t>(512));
  EXPECT_EQ(json_too_deep(R"({"a":{"b":[{}]}})", 4), std::nullopt);
  EXPECT_EQ(json_too_deep(R"({"a":{"b":[{}]}})", 3), std::optional<std::size_t>(11));
  // Siblings do not add up: depth, not count.
  EXPECT_EQ(json_too_deep("[[],[],[],[]]", 2), std::nullopt);
}

TEST(JsonTooDeepTest, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(json_too_deep(R"(["[[[[", "{{{{"])", 1), std::nullopt);
  // An escaped quote does not end the string; an escaped backslash does not escape the quote.
  EXPECT_EQ(json_too_deep(R"(["\"[[[["])", 1), std::nullopt);
  EXPECT_EQ(json_too_deep(R"(["\\", [[]]])", 2), std::optional<std::size_t>(8));
}

TEST(JsonTooDeepTest, ScansAHundredThousandLevelsWithoutRecursion) {
  const std::string deep = "{\"x\":" + nested(100000) + "}";
  EXPECT_EQ(json_too_deep(deep), std::optional<std::size_t>(5 + 511));
}

TEST(TruncateForDisplayTest, KeepsShortTextAndMarksCutText) {
  EXPECT_EQ(truncate_for_display("short", 10), "short");
  EXPECT_EQ(truncate_for_display(std::string(20, 'x'), 10),
            std::string(10, 'x') + " \xE2\x80\xA6 [truncated, 20 bytes]");
  // "é" is two bytes: a cut inside it keeps neither byte.
  EXPECT_EQ(truncate_for_display("ab\xC3\xA9zz", 3), "ab \xE2\x80\xA6 [truncated, 6 bytes]");
  const std::string huge(5 << 20, 'm');
  EXPECT_LT(truncate_for_display(huge).size(), k_max_shown_server_text + 64);
}

}  // namespace
}  // namespace util
