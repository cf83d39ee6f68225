#include "engine/diff.h"

#include <gtest/gtest.h>

namespace engine {
namespace {

TEST(DiffLineText, AddedRemovedAndChangedTags) {
  auto lines = diff_tags({{"team", "a"}, {"old", "x"}}, {{"team", "b"}, {"version", "v2"}});
  ASSERT_EQ(lines.size(), 3u);
  std::vector<std::string> text;
  for (const DiffLine& d : lines) {
    text.push_back(diff_line_text(d));
  }
  EXPECT_EQ(text, (std::vector<std::string>{"- tags[old]: \"x\"", "~ tags[team]: \"a\" -> \"b\"",
                                            "+ tags[version]: \"v2\""}));
}

TEST(DiffLineText, AnEmptyStringIsAValueNotAnAbsence) {
  auto lines = diff_json(nlohmann::ordered_json{{"a", ""}}, nlohmann::ordered_json{{"a", "x"}});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(diff_line_text(lines[0]), "~ a: \"\" -> \"x\"");
}

}  // namespace
}  // namespace engine
