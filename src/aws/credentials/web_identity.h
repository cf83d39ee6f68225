#pragma once
// Web identity: exchange an OIDC token (read from a file each time, since the issuer
// rotates it) for role credentials with an unsigned STS AssumeRoleWithWebIdentity. This is
// how EKS pods and GitHub Actions OIDC set-ups without the configure action authenticate.

#include <functional>
#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts.h"
#include "util/env.h"

namespace aws {

class WebIdentityProvider final : public CredentialsProvider {
 public:
  // Where each exchange gets its (fresh) token; errors never contain the token.
  using TokenSource = std::function<util::Result<std::string>()>;

  // `source` becomes Credentials::source ("web-identity").
  WebIdentityProvider(StsTarget sts, std::string token_file, AssumeRoleParams params,
                      std::string source);
  WebIdentityProvider(StsTarget sts, TokenSource token, AssumeRoleParams params,
                      std::string source);
  util::Result<Credentials> get() override;

 private:
  StsTarget m_sts;
  TokenSource m_token;
  AssumeRoleParams m_params;
  std::string m_source;
};

// From AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME), or, inside a
// GitHub Actions job with `id-token: write` and no token file, from AWS_ROLE_ARN plus
// GitHub's ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN (source "web-identity:github"). A provider
// failing with not_configured() when neither token source is set, and with an error when a
// token source is set without AWS_ROLE_ARN. `transport` is kept for the GitHub case.
std::unique_ptr<CredentialsProvider> web_identity_from_env(const util::Env& env, StsTarget sts);

}  // namespace aws
