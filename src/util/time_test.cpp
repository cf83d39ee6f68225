#include "util/time.h"

#include <gtest/gtest.h>

#include <string>

namespace util {
namespace {

using namespace std::chrono;

// 2015-08-30T12:36:00Z, the SigV4 suite's signing time.
const SystemTime k_suite_time = SystemTime{seconds{1440938160}};

TEST(TimeTest, FormatsSigV4Stamps) {
  EXPECT_EQ(format_iso8601_basic(k_suite_time), "20150830T123600Z");
  EXPECT_EQ(format_date_stamp(k_suite_time), "20150830");
  EXPECT_EQ(format_iso8601_basic(k_suite_time + milliseconds{999}), "20150830T123600Z");
  EXPECT_EQ(format_iso8601(k_suite_time), "2015-08-30T12:36:00Z");
  EXPECT_EQ(format_iso8601(SystemTime{}), "1970-01-01T00:00:00Z");
}

TEST(TimeTest, ParsesIso8601Variants) {
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00Z"), k_suite_time);
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.000Z"), k_suite_time);
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.250Z"), k_suite_time + milliseconds{250});
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.123456789123Z"),
            k_suite_time + duration_cast<SystemTime::duration>(nanoseconds{123456789}));
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00+00:00"), k_suite_time);
  EXPECT_EQ(parse_iso8601("2015-08-30T14:36:00+02:00"), k_suite_time);
  EXPECT_EQ(parse_iso8601("2015-08-30T10:06:00-0230"), k_suite_time);
  EXPECT_EQ(parse_iso8601("2015-08-30 12:36:00z"), k_suite_time);
  EXPECT_EQ(parse_iso8601("2024-02-29T00:00:00Z"), SystemTime{seconds{1709164800}});
}

TEST(TimeTest, RejectsMalformedIso8601) {
  for (const char* bad :
       {"", "2015-08-30", "2015-08-30T12:36:00", "2015-08-30T12:36Z", "2015-13-01T00:00:00Z",
        "2015-02-30T00:00:00Z", "2015-08-30T24:00:00Z", "2015-08-30T12:36:00.Z",
        "2015-08-30T12:36:00Zjunk", "15-08-30T12:36:00Z", "2015-08-30T12:36:00+2:00", "garbage"}) {
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
  }
}

// Regression (fuzz/credential_process): year 5496 overflowed the nanosecond time_point (UB,
// and a wrapped time in the past).
TEST(TimeTest, YearsOutsideTheClocksRangeAreRejectedNotWrapped) {
  EXPECT_EQ(parse_iso8601("5496-01-03T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("9999-12-31T23:59:59Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("0001-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_iso8601("1677-12-31T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(parse_iso8601("2261-12-31T23:59:59-23:59").has_value());
  EXPECT_EQ(format_iso8601(*parse_iso8601("2261-12-31T23:59:59Z")), "2261-12-31T23:59:59Z");
  ASSERT_TRUE(parse_iso8601("1678-01-01T00:00:00+23:59").has_value());
}

TEST(TimeTest, RoundTripsIso8601) {
  const SystemTime t = SystemTime{seconds{4102444799}};  // 2099-12-31T23:59:59Z
  EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
}

TEST(TimeTest, ParsesHttpDate) {
  EXPECT_EQ(parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT"), k_suite_time);
  EXPECT_EQ(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), SystemTime{});
  for (const char* bad : {"", "Sun, 30 Aug 2015 12:36:00", "Sun 30 Aug 2015 12:36:00 GMT",
                          "Sun, 30 Foo 2015 12:36:00 GMT", "Sun, 31 Sep 2015 12:36:00 GMT",
                          "Xyz, 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 UTC",
                          "Sunday, 30-Aug-15 12:36:00 GMT"}) {
    EXPECT_FALSE(parse_http_date(bad).has_value()) << bad;
  }
}

// Both parsers share the hh:mm:ss reader: a second of 60 (a leap second) folds into the
// next minute, and every field is range-checked.
TEST(TimeTest, ClockTimeLeapSecondFoldsIntoNextMinute) {
  const SystemTime new_year_2017 = SystemTime{seconds{1483228800}};
  EXPECT_EQ(parse_iso8601("2016-12-31T23:59:60Z"), new_year_2017);
  EXPECT_EQ(parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT"), new_year_2017);
  EXPECT_EQ(parse_iso8601("2015-08-30T12:35:60Z"), k_suite_time);
  EXPECT_EQ(parse_http_date("Sun, 30 Aug 2015 12:35:60 GMT"), k_suite_time);
}

TEST(TimeTest, ClockTimeRejectsBadDigitsAndOutOfRangeFields) {
  for (const char* clock : {"24:00:00", "12:60:00", "12:36:61", "99:99:99", "1a:36:00", "12:3b:00",
                            "12:36:0c", "12-36-00", "12:36", "1:36:00", "12::00"}) {
    const std::string iso = std::string("2015-08-30T") + clock + "Z";
    const std::string http = std::string("Sun, 30 Aug 2015 ") + clock + " GMT";
    EXPECT_FALSE(parse_iso8601(iso).has_value()) << iso;
    EXPECT_FALSE(parse_http_date(http).has_value()) << http;
  }
  EXPECT_EQ(parse_iso8601("2015-08-30T23:59:59Z"),
            k_suite_time + hours{11} + minutes{23} + seconds{59});
  EXPECT_EQ(parse_http_date("Sun, 30 Aug 2015 00:00:00 GMT"),
            k_suite_time - hours{12} - minutes{36});
}

TEST(TimeTest, FormatsDurations) {
  EXPECT_EQ(format_duration(Duration{0}), "0s");
  EXPECT_EQ(format_duration(milliseconds{250}), "250ms");
  EXPECT_EQ(format_duration(seconds{1}), "1s");
  EXPECT_EQ(format_duration(seconds{45} + milliseconds{999}), "45s");
  EXPECT_EQ(format_duration(seconds{125}), "2m05s");
  EXPECT_EQ(format_duration(minutes{60}), "1h00m00s");
  EXPECT_EQ(format_duration(hours{1} + minutes{2} + seconds{5}), "1h02m05s");
  EXPECT_EQ(format_duration(hours{26}), "26h00m00s");
  EXPECT_EQ(format_duration(-seconds{90}), "-1m30s");
}

TEST(TimeTest, ParsesDurations) {
  EXPECT_EQ(parse_duration("30m"), minutes{30});
  EXPECT_EQ(parse_duration("90s"), seconds{90});
  EXPECT_EQ(parse_duration("1h30m"), minutes{90});
  EXPECT_EQ(parse_duration("500ms"), milliseconds{500});
  EXPECT_EQ(parse_duration("1h0m30s"), seconds{3630});
  EXPECT_EQ(parse_duration("2m05s"), seconds{125});
  EXPECT_EQ(parse_duration("1s500ms"), milliseconds{1500});
  EXPECT_EQ(parse_duration("0s"), Duration{0});
}

TEST(TimeTest, RejectsGarbageDurations) {
  for (const char* bad : {"", "30", "m", "h30", "1x", "1.5h", "-5m", "5 m", " 5m", "5m ", "1hm",
                          "99999999999999999999h", "9223372036854775807h", "ms"}) {
    EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
  }
}

TEST(TimeTest, FormatAndParseDurationAgree) {
  for (const Duration d : {Duration{0}, Duration{seconds{59}}, Duration{seconds{125}},
                           Duration{hours{3} + seconds{7}}}) {
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  }
}

}  // namespace
}  // namespace util
