#include "aws/credentials/env.h"

#include "util/time.h"

namespace aws {

util::Result<Credentials> credentials_from_env(const util::Env& env) {
  auto key = env.get_nonempty("AWS_ACCESS_KEY_ID");
  auto secret = env.get_nonempty("AWS_SECRET_ACCESS_KEY");
  if (!key) {
    return not_configured(secret ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                                 : "AWS_ACCESS_KEY_ID not set");
  }
  if (!secret) {
    return credentials_error(
        "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or unset "
        "AWS_ACCESS_KEY_ID to use another credential source");
  }
  Credentials c;
  c.access_key_id = *key;
  c.secret_access_key = *secret;
  c.session_token = env.get_or("AWS_SESSION_TOKEN", "");
  if (auto exp = env.get_nonempty("AWS_CREDENTIAL_EXPIRATION")) {
    c.expiration = util::parse_iso8601(*exp);
    if (!c.expiration) {
      return credentials_error(
          "AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time such as 2030-01-01T00:00:00Z");
    }
  }
  c.source = "env";
  return c;
}

}  // namespace aws
