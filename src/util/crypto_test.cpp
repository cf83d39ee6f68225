#include "util/crypto.h"

#include <gtest/gtest.h>

#include <set>

namespace util {
namespace {

TEST(CryptoTest, Sha256OfKnownInputs) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256("abc").size(), 32u);
  EXPECT_EQ(hex_encode(sha256("abc")), sha256_hex("abc"));
}

TEST(CryptoTest, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, HmacAcceptsBinaryKeysWithZeroBytes) {
  const std::string key("\x00\x01\x02", 3);
  EXPECT_NE(hmac_sha256(key, "x"), hmac_sha256(std::string("\x00\x01", 2), "x"));
  EXPECT_EQ(hmac_sha256(key, "x").size(), 32u);
}

TEST(CryptoTest, Sha1Hex) {
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(CryptoTest, HexEncodeAllByteValues) {
  EXPECT_EQ(hex_encode(std::string("\x00\x7f\x80\xff", 4)), "007f80ff");
  EXPECT_EQ(hex_encode(""), "");
}

TEST(CryptoTest, RandomBytesHaveRequestedLengthAndDiffer) {
  EXPECT_EQ(random_bytes(0).size(), 0u);
  EXPECT_EQ(random_bytes(32).size(), 32u);
  EXPECT_NE(random_bytes(16), random_bytes(16));
}

TEST(CryptoTest, UuidV4Format) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string u = uuid_v4();
    ASSERT_EQ(u.size(), 36u) << u;
    EXPECT_EQ(u[8], '-');
    EXPECT_EQ(u[13], '-');
    EXPECT_EQ(u[14], '4') << u;
    EXPECT_EQ(u[18], '-');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
    EXPECT_EQ(u[23], '-');
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 50u);
}

}  // namespace
}  // namespace util
