#include "core/cbor.h"

#include <gtest/gtest.h>

namespace emulator {
namespace {

TEST(Cbor, RoundTripsWhatRpcV2CborCarries) {
  Json doc = {{"AlarmNames", {"a", "b"}},
              {"MaxRecords", 10},
              {"Threshold", 80.5},
              {"Negative", -3},
              {"ActionsEnabled", true},
              {"Nothing", nullptr},
              {"StateUpdatedTimestamp", 1767225600.5}};
  std::string bytes = cbor_encode(doc, {"StateUpdatedTimestamp"});
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0xa7);  // map of 7
  // The timestamp is tag 1 around a float64.
  EXPECT_NE(bytes.find("\xc1\xfb", 0, 2), std::string::npos);
  auto back = cbor_decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, doc);
}

TEST(Cbor, ReadsIndefiniteLengthsAndHalfFloats) {
  // {_ "a": [_ 1, 1.5(half)], "b": (_ "x" "y") }
  static const char k_bytes[] =
      "\xbf\x61"
      "a"
      "\x9f\x01\xf9\x3e\x00\xff\x61"
      "b"
      "\x7f\x61x\x61y\xff\xff";
  std::string bytes(k_bytes, sizeof(k_bytes) - 1);  // holds a NUL
  auto doc = cbor_decode(bytes);
  ASSERT_TRUE(doc);
  EXPECT_EQ((*doc)["a"], Json::array({1, 1.5}));
  EXPECT_EQ((*doc)["b"], "xy");
}

TEST(Cbor, RefusesMalformedTruncatedAndDeepInput) {
  EXPECT_FALSE(cbor_decode(""));
  EXPECT_FALSE(cbor_decode("\xbf\x61"));                              // truncated map
  EXPECT_FALSE(cbor_decode("\x9b\xff\xff\xff\xff\xff\xff\xff\xff"));  // huge count, no items
  EXPECT_FALSE(
      cbor_decode(std::string("\x7a\x00\x01\x00\x00"
                              "ab",
                              7)));                        // longer than the input
  EXPECT_FALSE(cbor_decode("\xa1\x01\x02"));               // a map key that is not text
  EXPECT_FALSE(cbor_decode("\x01\x02"));                   // trailing bytes
  EXPECT_FALSE(cbor_decode(std::string(100000, '\x81')));  // nested past the depth limit
  EXPECT_TRUE(cbor_decode(std::string(100, '\x81') + "\x01"));
}

}  // namespace
}  // namespace emulator
