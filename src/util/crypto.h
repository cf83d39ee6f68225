#pragma once
// Hashes, HMAC, hex and randomness. The one door through which OpenSSL enters src/
// (contributing.md, principle 14). Binary digests are returned as std::string holding raw bytes.

#include <cstddef>
#include <string>
#include <string_view>

namespace util {

// Raw 32-byte SHA-256 digest of `data`.
std::string sha256(std::string_view data);
// Lowercase hex SHA-256 (64 characters), as SigV4 payload and request hashes.
std::string sha256_hex(std::string_view data);
// Raw 32-byte HMAC-SHA256 of `data` under `key` (key may hold any bytes).
std::string hmac_sha256(std::string_view key, std::string_view data);
// Lowercase hex SHA-1 (40 characters); used for AWS SSO cache file names, not security.
std::string sha1_hex(std::string_view data);

// Lowercase hex of arbitrary bytes.
std::string hex_encode(std::string_view bytes);

// `count` cryptographically random bytes.
std::string random_bytes(std::size_t count);
// Random RFC 4122 version-4 UUID, "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx".
std::string uuid_v4();

}  // namespace util
