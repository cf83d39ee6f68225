#pragma once
// Time formats AWS speaks: ISO-8601 basic (SigV4 X-Amz-Date), ISO-8601 extended (STS,
// credential_process, IMDS and container credential expirations), RFC 1123 HTTP dates (the
// Date header used for clock-skew correction), and short human durations ("2m05s").
// All times are UTC; nothing here reads the local time zone.

#include <optional>
#include <string>
#include <string_view>

#include "util/clock.h"

namespace util {

// "20150830T123600Z" (seconds precision, truncated).
std::string format_iso8601_basic(SystemTime t);
// "20150830", the SigV4 scope date.
std::string format_date_stamp(SystemTime t);
// "2015-08-30T12:36:00Z" (seconds precision, truncated).
std::string format_iso8601(SystemTime t);

// Parses ISO-8601 extended date-times: "2015-08-30T12:36:00Z", with optional fractional
// seconds ("...:00.123456Z") and a "Z", "+hh:mm", "-hh:mm" or "+hhmm" offset. A lowercase 't'
// or a space between date and time is accepted. nullopt on anything else, and for years
// outside 1678..2261 (what SystemTime can hold).
std::optional<SystemTime> parse_iso8601(std::string_view text);

// Parses an RFC 1123 HTTP date, "Sun, 30 Aug 2015 12:36:00 GMT" (weekday is not checked
// against the date). nullopt on anything else.
std::optional<SystemTime> parse_http_date(std::string_view text);

// Human duration, largest units first: "0s", "45s", "2m05s", "1h02m05s" (whole seconds,
// truncated). Between 0 and 1 second: "250ms". Negative durations get a leading '-'.
std::string format_duration(Duration d);

// Parses durations such as "30m", "90s", "1h30m", "500ms", "2h", "1h0m30s". Units: h, m, s,
// ms; integers only; at least one component; no sign, spaces or bare numbers. nullopt on
// garbage or overflow.
std::optional<Duration> parse_duration(std::string_view text);

}  // namespace util
