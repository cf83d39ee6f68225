#pragma once
// IdGenerator: every random-looking identifier (task ids, deployment ids, request ids,
// temporary keys) comes from one seeded generator so that --seed makes a run repeatable.
#include <cstdint>
#include <random>
#include <string>

namespace emulator {

class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed) : m_rng(seed) {}
  std::string hex(std::size_t length);          // lowercase hex
  std::string digits(std::size_t length);       // decimal digits, first non-zero
  std::string upper_alnum(std::size_t length);  // A-Z0-9 (access key ids)
  std::string base64ish(std::size_t length);    // secrets and session tokens
  std::string alnum(std::size_t length);        // A-Za-z0-9 (ARN ids)
  std::string uuid();                           // 8-4-4-4-12 hex
  double uniform(double lo, double hi);         // jittered durations
  bool chance(double probability);              // fault rates

 private:
  std::mt19937_64 m_rng;
};

}  // namespace emulator
