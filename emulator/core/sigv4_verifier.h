#pragma once
// SigV4 verification of incoming requests (header form: Authorization: AWS4-HMAC-SHA256 ...).
// Our own implementation on OpenSSL, independent of the client's aws/sigv4.
#include <string>

#include "core/http_types.h"
#include "core/state.h"

namespace emulator {

enum class AuthFailure {
  None,
  Missing,       // no Authorization header
  Incomplete,    // malformed Authorization header
  UnknownKey,    // access key not in the scenario / not issued by STS
  BadSignature,  // signature mismatch
  WrongScope,    // credential scoped to another service or region
  Expired,       // X-Amz-Date more than 15 minutes from real time
  InvalidToken,  // temporary key without (or with a wrong) session token
  ExpiredToken,  // temporary credentials past their virtual expiry
};

struct AuthResult {
  AuthFailure failure = AuthFailure::None;
  std::string message;  // never contains secrets
  const Identity* identity = nullptr;
};

// signing_name: ecs | ecr | logs | sts. real_now: wall-clock epoch seconds (clients sign with
// real time); st.now() is used for temporary credential expiry. Caller holds the state mutex.
AuthResult verify_sigv4(State& st, const HttpRequest& req, const std::string& signing_name,
                        double real_now);

// Exposed for tests: the canonical request and the signature over it.
std::string canonical_request(const HttpRequest& req, const std::string& signed_headers);
std::string sigv4_signature(const std::string& secret, const std::string& amz_date,
                            const std::string& scope, const std::string& canonical);

}  // namespace emulator
