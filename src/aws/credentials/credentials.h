#pragma once
// Credentials and the provider interface. One file per source lives beside this one
// (env, web_identity, profile, process, container, imds) and chain.h puts them in order.

#include <optional>
#include <string>

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

}  // namespace aws
