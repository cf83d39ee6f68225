#include "core/id_generator.h"

namespace emulator {
namespace {
std::string pick(std::mt19937_64& rng, const char* alphabet, std::size_t n, std::size_t len) {
  std::uniform_int_distribution<std::size_t> dist(0, n - 1);
  std::string out;
  out.reserve(len);
  for (std::size_t i = 0; i < len; ++i) {
    out.push_back(alphabet[dist(rng)]);
  }
  return out;
}
}  // namespace

std::string IdGenerator::hex(std::size_t length) {
  return pick(m_rng, "0123456789abcdef", 16, length);
}

std::string IdGenerator::digits(std::size_t length) {
  if (length == 0) {
    return {};
  }
  return pick(m_rng, "123456789", 9, 1) + pick(m_rng, "0123456789", 10, length - 1);
}

std::string IdGenerator::upper_alnum(std::size_t length) {
  return pick(m_rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32, length);
}

std::string IdGenerator::base64ish(std::size_t length) {
  return pick(m_rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64,
              length);
}

std::string IdGenerator::alnum(std::size_t length) {
  return pick(m_rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 62, length);
}

std::string IdGenerator::uuid() {
  return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
}

double IdGenerator::uniform(double lo, double hi) {
  if (hi <= lo) {
    return lo;
  }
  std::uniform_real_distribution<double> dist(lo, hi);
  return dist(m_rng);
}

bool IdGenerator::chance(double probability) {
  if (probability <= 0) {
    return false;
  }
  if (probability >= 1) {
    return true;
  }
  return uniform(0, 1) < probability;
}

}  // namespace emulator
