#pragma once
// Credentials and the provider interface. One file per source lives beside this one
// (env, web_identity, profile, process, container, imds) and chain.h puts them in order.

#include <optional>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/result.h"

namespace aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;  // never printed, logged or put in an error
  std::string session_token;      // empty for long-term keys; never printed
  std::optional<util::SystemTime> expiration;
  std::string source;  // "env", "web-identity", "profile:dev (assume-role)", "container", "imds"...
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Current credentials; providers of temporary credentials refresh them before they expire.
  virtual util::Result<Credentials> get() = 0;
};

// A source that is simply not set up (its variables unset, no such profile...) fails with
// this error so the chain moves on to the next source; `reason` says why, for the chain's
// final message. Any other error means the source is configured but broken, which stops
// the chain (as botocore does) rather than silently falling through to other credentials.
inline constexpr std::string_view k_not_configured_code = "CredentialsNotConfigured";
util::Error not_configured(std::string reason);
bool is_not_configured(const util::Error& error);

// An Error of kind Credentials (code "CredentialsError" unless given).
util::Error credentials_error(std::string message, std::string code = "CredentialsError");

// Fixed credentials (tests, and the source of a role assumed with `source_profile`).
class StaticProvider final : public CredentialsProvider {
 public:
  explicit StaticProvider(Credentials credentials) : m_credentials(std::move(credentials)) {}
  util::Result<Credentials> get() override { return m_credentials; }

 private:
  Credentials m_credentials;
};

}  // namespace aws
