#include "core/cbor.h"

#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/json_limits.h"

namespace emulator {
namespace {

struct Reader {
  const std::string& in;
  std::size_t pos = 0;
  bool ok = true;

  bool has(std::size_t n) const { return ok && in.size() - pos >= n; }
  std::uint8_t byte() { return static_cast<std::uint8_t>(in[pos++]); }
  std::uint64_t be(std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      v = (v << 8) | byte();
    }
    return v;
  }
  // The argument of a head with additional info `ai`; sets indefinite for ai 31.
  bool argument(std::uint8_t ai, std::uint64_t& out, bool& indefinite) {
    indefinite = false;
    if (ai < 24) {
      out = ai;
      return true;
    }
    static const std::size_t k_sizes[] = {1, 2, 4, 8};
    if (ai <= 27) {
      std::size_t n = k_sizes[ai - 24];
      if (!has(n)) {
        return false;
      }
      out = be(n);
      return true;
    }
    if (ai == 31) {
      indefinite = true;
      return true;
    }
    return false;
  }
};

double half_to_double(std::uint16_t h) {
  int exp = (h >> 10) & 0x1f;
  int mant = h & 0x3ff;
  double v = exp == 0    ? std::ldexp(mant, -24)
             : exp != 31 ? std::ldexp(mant + 1024, exp - 25)
                         : (mant == 0 ? INFINITY : NAN);
  return (h & 0x8000) ? -v : v;
}

bool decode(Reader& r, Json& out, int depth);

bool decode_string(Reader& r, std::uint8_t major, std::uint64_t len, bool indefinite,
                   std::string& out) {
  if (!indefinite) {
    if (!r.has(len)) {
      return false;
    }
    out.append(r.in, r.pos, len);
    r.pos += len;
    return true;
  }
  while (true) {
    if (!r.has(1)) {
      return false;
    }
    std::uint8_t head = r.byte();
    if (head == 0xff) {
      return true;
    }
    std::uint64_t n = 0;
    bool inner_indefinite = false;
    if ((head >> 5) != major || !r.argument(head & 0x1f, n, inner_indefinite) || inner_indefinite ||
        !decode_string(r, major, n, false, out)) {
      return false;
    }
  }
}

bool decode(Reader& r, Json& out, int depth) {
  if (depth > static_cast<int>(k_max_json_depth) || !r.has(1)) {
    return false;
  }
  std::uint8_t head = r.byte();
  std::uint8_t major = head >> 5;
  std::uint8_t ai = head & 0x1f;
  if (major == 7) {
    switch (ai) {
      case 20:
        out = false;
        return true;
      case 21:
        out = true;
        return true;
      case 22:
      case 23:
        out = nullptr;
        return true;
      case 25:
        if (!r.has(2)) {
          return false;
        }
        out = half_to_double(static_cast<std::uint16_t>(r.be(2)));
        return true;
      case 26: {
        if (!r.has(4)) {
          return false;
        }
        std::uint32_t bits = static_cast<std::uint32_t>(r.be(4));
        float f = 0;
        std::memcpy(&f, &bits, sizeof(f));
        out = static_cast<double>(f);
        return true;
      }
      case 27: {
        if (!r.has(8)) {
          return false;
        }
        std::uint64_t bits = r.be(8);
        double d = 0;
        std::memcpy(&d, &bits, sizeof(d));
        out = d;
        return true;
      }
      default:
        return false;
    }
  }
  std::uint64_t arg = 0;
  bool indefinite = false;
  if (!r.argument(ai, arg, indefinite)) {
    return false;
  }
  switch (major) {
    case 0:
      if (indefinite) {
        return false;
      }
      out = arg;
      return true;
    case 1:
      if (indefinite || arg > static_cast<std::uint64_t>(INT64_MAX)) {
        return false;
      }
      out = -1 - static_cast<std::int64_t>(arg);
      return true;
    case 2:
    case 3: {
      std::string s;
      if (!decode_string(r, major, arg, indefinite, s)) {
        return false;
      }
      out = std::move(s);
      return true;
    }
    case 4: {
      out = Json::array();
      for (std::uint64_t i = 0; indefinite || i < arg; ++i) {
        if (indefinite) {
          if (!r.has(1)) {
            return false;
          }
          if (static_cast<std::uint8_t>(r.in[r.pos]) == 0xff) {
            ++r.pos;
            break;
          }
        } else if (!r.has(1)) {
          return false;  // a count larger than the input cannot be honest
        }
        Json item;
        if (!decode(r, item, depth + 1)) {
          return false;
        }
        out.push_back(std::move(item));
      }
      return true;
    }
    case 5: {
      out = Json::object();
      for (std::uint64_t i = 0; indefinite || i < arg; ++i) {
        if (!r.has(1)) {
          return false;
        }
        if (indefinite && static_cast<std::uint8_t>(r.in[r.pos]) == 0xff) {
          ++r.pos;
          break;
        }
        Json key;
        Json value;
        if (!decode(r, key, depth + 1) || !key.is_string() || !decode(r, value, depth + 1)) {
          return false;
        }
        out[key.get<std::string>()] = std::move(value);
      }
      return true;
    }
    case 6:
      if (indefinite) {
        return false;
      }
      return decode(r, out, depth + 1);  // tag 1 (timestamp) and others: the tagged value
    default:
      return false;
  }
}

void head(std::string& out, std::uint8_t major, std::uint64_t v) {
  std::uint8_t m = static_cast<std::uint8_t>(major << 5);
  auto put = [&](std::size_t n) {
    for (std::size_t i = n; i-- > 0;) {
      out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
    }
  };
  if (v < 24) {
    out.push_back(static_cast<char>(m | v));
  } else if (v <= 0xff) {
    out.push_back(static_cast<char>(m | 24));
    put(1);
  } else if (v <= 0xffff) {
    out.push_back(static_cast<char>(m | 25));
    put(2);
  } else if (v <= 0xffffffffULL) {
    out.push_back(static_cast<char>(m | 26));
    put(4);
  } else {
    out.push_back(static_cast<char>(m | 27));
    put(8);
  }
}

void put_double(std::string& out, double d) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof(d));
  out.push_back(static_cast<char>(0xfb));
  for (int i = 7; i >= 0; --i) {
    out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
}

void encode(const Json& v, const std::set<std::string>& ts, bool timestamp, std::string& out) {
  if (timestamp && v.is_number()) {
    head(out, 6, 1);
    put_double(out, v.get<double>());
    return;
  }
  switch (v.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out.push_back(static_cast<char>(0xf6));
      break;
    case Json::value_t::boolean:
      out.push_back(static_cast<char>(v.get<bool>() ? 0xf5 : 0xf4));
      break;
    case Json::value_t::number_unsigned:
      head(out, 0, v.get<std::uint64_t>());
      break;
    case Json::value_t::number_integer: {
      std::int64_t i = v.get<std::int64_t>();
      if (i >= 0) {
        head(out, 0, static_cast<std::uint64_t>(i));
      } else {
        head(out, 1, static_cast<std::uint64_t>(-1 - i));
      }
      break;
    }
    case Json::value_t::number_float:
      put_double(out, v.get<double>());
      break;
    case Json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      head(out, 3, s.size());
      out += s;
      break;
    }
    case Json::value_t::binary:
    case Json::value_t::array:
      head(out, 4, v.size());
      for (const auto& item : v) {
        encode(item, ts, false, out);
      }
      break;
    case Json::value_t::object:
      head(out, 5, v.size());
      for (auto it = v.begin(); it != v.end(); ++it) {
        head(out, 3, it.key().size());
        out += it.key();
        encode(it.value(), ts, ts.count(it.key()) > 0, out);
      }
      break;
  }
}

}  // namespace

std::optional<Json> cbor_decode(const std::string& bytes) {
  Reader r{bytes};
  Json out;
  if (!decode(r, out, 0) || r.pos != bytes.size()) {
    return std::nullopt;
  }
  return out;
}

std::string cbor_encode(const Json& value, const std::set<std::string>& timestamps) {
  std::string out;
  encode(value, timestamps, false, out);
  return out;
}

}  // namespace emulator
