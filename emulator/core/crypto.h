#pragma once
// SHA-256 and HMAC-SHA256 straight from OpenSSL: the emulator's own copy, independent of the
// client's util/crypto, so a signing bug cannot hide in both.
#include <string>
#include <string_view>

namespace emulator {

std::string sha256_raw(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_raw(std::string_view key, std::string_view data);
std::string to_hex(std::string_view raw);

}  // namespace emulator
