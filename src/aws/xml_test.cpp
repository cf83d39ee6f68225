#include "aws/xml.h"

#include <gtest/gtest.h>

#include <chrono>

namespace aws::xml {
namespace {

TEST(XmlTest, FindsTextAndDecodesEntities) {
  const std::string doc =
      "<R xmlns=\"x\"><sts:Arn>arn:aws:iam::1:user/a&amp;b</sts:Arn><Empty/><N>&#x41;&#66;</N>"
      "</R>";
  EXPECT_EQ(find_text(doc, "Arn"), "arn:aws:iam::1:user/a&b");
  EXPECT_EQ(find_text(doc, "Empty"), "");
  EXPECT_EQ(find_text(doc, "N"), "AB");
  EXPECT_EQ(find_text(doc, "Missing"), std::nullopt);
}

TEST(XmlTest, TooDeepCountsOpenElementsOnly) {
  EXPECT_EQ(too_deep("<?xml version=\"1.0\"?><a><b/><!-- c --><d>x</d></a>", 2), std::nullopt);
  EXPECT_EQ(too_deep("<a><b><c/></b></a>", 2), std::nullopt);
  EXPECT_EQ(too_deep("<a><b><c></c></b></a>", 2), std::optional<size_t>(6));
  std::string deep;
  for (int i = 0; i < 600; ++i) {
    deep += "<e>";
  }
  EXPECT_EQ(too_deep(deep, 512), std::optional<size_t>(512 * 3));
}

// Both used to rescan the rest of the document at every '<' or '&': minutes for 4 MB.
TEST(XmlTest, HostileDocumentsAreScannedInLinearTime) {
  const auto start = std::chrono::steady_clock::now();
  std::string opens;
  for (int i = 0; i < 1000000; ++i) {
    opens += "<a";
  }
  EXPECT_EQ(find_text(opens, "Arn"), std::nullopt);
  const std::string amps(4 << 20, '&');
  EXPECT_EQ(decode_entities(amps).size(), amps.size());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

}  // namespace
}  // namespace aws::xml
