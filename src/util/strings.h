#pragma once
// Small string helpers shared by every layer: trimming, case, splitting, URI/form encoding
// as AWS expects it, and redaction of credentials for display.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace util {

// Removes leading and trailing ASCII whitespace (space, \t, \n, \r, \f, \v).
std::string_view trim(std::string_view s);
// ASCII lowercase; other bytes (UTF-8) unchanged.
std::string to_lower(std::string_view s);
// ASCII uppercase; other bytes (UTF-8) unchanged.
std::string to_upper(std::string_view s);
// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

// Splits at every `sep`; keeps empty fields ("a,,b" -> {"a", "", "b"}, "" -> {""}).
std::vector<std::string> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& parts, std::string_view sep);

// Percent-encodes every byte except the RFC 3986 unreserved characters A-Z a-z 0-9 - _ . ~
// (and '/' when keep_slash), with uppercase hex, as SigV4 requires.
std::string uri_encode(std::string_view s, bool keep_slash = false);
// Decodes %XX escapes ('+' stays '+'); malformed escapes are kept literally.
std::string uri_decode(std::string_view s);

// application/x-www-form-urlencoded body for awsQuery: "k1=v1&k2=v2" in the given order,
// keys and values uri_encode()d (a space becomes %20, which every form decoder accepts).
std::string form_url_encode(const std::vector<std::pair<std::string, std::string>>& params);

// For display of secrets (secret keys, session tokens, secret env values): always "****",
// so not even the length leaks.
std::string redact_secret(std::string_view secret);
// For display of an access key id, which is not secret but identifies the key: "****" plus
// its last 4 characters ("****MPLE"); just "****" when it has 4 characters or fewer.
std::string redact_access_key_id(std::string_view access_key_id);

}  // namespace util
