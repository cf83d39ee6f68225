#pragma once
// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and
// AWS_CREDENTIAL_EXPIRATION. This is also where GitHub's configure-aws-credentials action
// (OIDC) leaves its temporary keys.

#include "aws/credentials/credentials.h"
#include "util/env.h"

namespace aws {

// Reads the variables now: a key id without a secret is an error, no key id is
// not_configured(). Empty values count as unset.
util::Result<Credentials> credentials_from_env(const util::Env& env);

class EnvProvider final : public CredentialsProvider {
 public:
  // Snapshots the variables, so `env` need not outlive the provider.
  explicit EnvProvider(const util::Env& env) : m_result(credentials_from_env(env)) {}
  util::Result<Credentials> get() override { return m_result; }

 private:
  util::Result<Credentials> m_result;
};

}  // namespace aws
