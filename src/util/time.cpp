#include "util/time.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace util {

namespace {

using namespace std::chrono;

struct Civil {
  int year;
  unsigned month, day, hour, minute, second;
};

Civil to_civil(SystemTime t) {
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>(hms.hours().count()),
          static_cast<unsigned>(hms.minutes().count()),
          static_cast<unsigned>(hms.seconds().count())};
}

// A time of day already range-checked by clock_time().
struct ClockTime {
  unsigned hour, minute, second;
};

// A valid civil date at a time of day; nullopt if the date does not exist.
std::optional<SystemTime> from_civil(int y, unsigned mo, unsigned d, ClockTime c) {
  // SystemTime counts nanoseconds in 64 bits: only 1678..2261 fit (with a day to spare for
  // the UTC offset). Outside, the conversion overflows (found by fuzz/credential_process).
  if (y < 1678 || y > 2261) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  // A leap second (second 60) folds into the next minute: system_clock has none.
  return SystemTime{sys_days{ymd}} + hours{c.hour} + minutes{c.minute} + seconds{c.second};
}

// Cursor over the text being parsed.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : m_text(text) {}

  bool done() const { return m_pos == m_text.size(); }
  std::optional<char> peek() const {
    return done() ? std::nullopt : std::optional<char>(m_text[m_pos]);
  }
  bool accept(char c) {
    if (peek() == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  // Exactly `n` decimal digits.
  std::optional<unsigned> digits(std::size_t n) {
    if (m_text.size() - m_pos < n) {
      return std::nullopt;
    }
    unsigned v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = m_text[m_pos + i];
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    m_pos += n;
    return v;
  }
  // Exactly `n` decimal digits followed by `separator`.
  std::optional<unsigned> digits_then(std::size_t n, char separator) {
    const auto v = digits(n);
    return v && accept(separator) ? v : std::nullopt;
  }
  // One or more digits, as a fraction of a second in nanoseconds (digits beyond 9 dropped).
  std::optional<nanoseconds> fraction() {
    std::int64_t ns = 0;
    int count = 0;
    while (!done() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
      if (count < 9) {
        ns = ns * 10 + (m_text[m_pos] - '0');
      }
      ++count;
      ++m_pos;
    }
    if (count == 0) {
      return std::nullopt;
    }
    for (int i = count; i < 9; ++i) {
      ns *= 10;
    }
    return nanoseconds{ns};
  }
  std::string_view take(std::size_t n) {
    if (m_text.size() - m_pos < n) {
      return {};
    }
    auto out = m_text.substr(m_pos, n);
    m_pos += n;
    return out;
  }

 private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

// "hh:mm:ss", the time of day both ISO-8601 and RFC 1123 spell the same way; nullopt on a
// non-digit, a missing ':' or a field out of range (second 60 is a leap second).
std::optional<ClockTime> clock_time(Scanner& s) {
  // Reading on past a bad field is harmless: the result is nullopt either way.
  const auto h = s.digits_then(2, ':');
  const auto mi = s.digits_then(2, ':');
  const auto sec = s.digits(2);
  if (!h || !mi || !sec || *h > 23 || *mi > 59 || *sec > 60) {
    return std::nullopt;
  }
  return ClockTime{*h, *mi, *sec};
}

}  // namespace

std::string format_iso8601_basic(SystemTime t) {
  const Civil c = to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02u%02uT%02u%02u%02uZ", c.year, c.month, c.day, c.hour,
                c.minute, c.second);
  return buf;
}

std::string format_date_stamp(SystemTime t) {
  const Civil c = to_civil(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", c.year, c.month, c.day);
  return buf;
}

std::string format_iso8601(SystemTime t) {
  const Civil c = to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", c.year, c.month, c.day, c.hour,
                c.minute, c.second);
  return buf;
}

std::optional<SystemTime> parse_iso8601(std::string_view text) {
  Scanner s(text);
  const auto y = s.digits_then(4, '-');
  const auto mo = s.digits_then(2, '-');
  const auto d = s.digits(2);
  if (!y || !mo || !d || !(s.accept('T') || s.accept('t') || s.accept(' '))) {
    return std::nullopt;
  }
  const auto clock = clock_time(s);
  if (!clock) {
    return std::nullopt;
  }
  nanoseconds frac{0};
  if (s.accept('.') || s.accept(',')) {
    const auto f = s.fraction();
    if (!f) {
      return std::nullopt;
    }
    frac = *f;
  }
  minutes offset{0};
  if (s.accept('Z') || s.accept('z')) {
    // UTC
  } else if (const auto sign = s.peek(); sign == '+' || sign == '-') {
    s.accept(*sign);
    const auto oh = s.digits(2);
    s.accept(':');
    const auto om = s.digits(2);
    if (!oh || !om || *oh > 23 || *om > 59) {
      return std::nullopt;
    }
    offset = hours{*oh} + minutes{*om};
    if (*sign == '-') {
      offset = -offset;
    }
  } else {
    return std::nullopt;
  }
  if (!s.done()) {
    return std::nullopt;
  }
  auto t = from_civil(static_cast<int>(*y), *mo, *d, *clock);
  if (!t) {
    return std::nullopt;
  }
  return *t + duration_cast<SystemTime::duration>(frac) - offset;
}

std::optional<SystemTime> parse_http_date(std::string_view text) {
  static constexpr std::array<std::string_view, 7> k_days = {"Mon", "Tue", "Wed", "Thu",
                                                             "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> k_months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Scanner s(text);
  const auto wd = s.take(3);
  bool day_ok = false;
  for (auto name : k_days) {
    day_ok = day_ok || wd == name;
  }
  if (!day_ok || !s.accept(',') || !s.accept(' ')) {
    return std::nullopt;
  }
  const auto d = s.digits_then(2, ' ');
  const auto mon_name = s.take(3);
  unsigned mon = 0;
  for (unsigned i = 0; i < k_months.size(); ++i) {
    if (mon_name == k_months[i]) {
      mon = i + 1;
    }
  }
  if (!d || mon == 0 || !s.accept(' ')) {
    return std::nullopt;
  }
  const auto y = s.digits_then(4, ' ');
  const auto clock = clock_time(s);
  if (!y || !clock || !s.accept(' ') || s.take(3) != "GMT" || !s.done()) {
    return std::nullopt;
  }
  return from_civil(static_cast<int>(*y), mon, *d, *clock);
}

std::string format_duration(Duration d) {
  std::string sign;
  if (d < Duration::zero()) {
    sign = "-";
    d = -d;
  }
  char buf[48];
  if (d > Duration::zero() && d < seconds{1}) {
    std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(d.count()));
    return sign + buf;
  }
  const long long total = duration_cast<seconds>(d).count();
  const long long h = total / 3600;
  const long long m = (total / 60) % 60;
  const long long s = total % 60;
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02llds", h, m, s);
  } else if (m > 0) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", m, s);
  } else {
    std::snprintf(buf, sizeof buf, "%llds", s);
  }
  return sign + buf;
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  constexpr long long k_max = std::numeric_limits<long long>::max();
  long long total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    long long n = 0;
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (n > (k_max - 9) / 10) {
        return std::nullopt;
      }
      n = n * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start || i == text.size()) {
      return std::nullopt;  // a unit without a number, or a number without a unit
    }
    long long unit_ms = 0;
    if (text.substr(i, 2) == "ms") {
      unit_ms = 1;
      i += 2;
    } else if (text[i] == 'h') {
      unit_ms = 3'600'000;
      ++i;
    } else if (text[i] == 'm') {
      unit_ms = 60'000;
      ++i;
    } else if (text[i] == 's') {
      unit_ms = 1'000;
      ++i;
    } else {
      return std::nullopt;
    }
    if (n > (k_max - total_ms) / unit_ms) {
      return std::nullopt;
    }
    total_ms += n * unit_ms;
  }
  return Duration{total_ms};
}

}  // namespace util
