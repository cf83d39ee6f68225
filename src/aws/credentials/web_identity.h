#pragma once
// Web identity: exchange an OIDC token (read from a file each time, since the issuer
// rotates it) for role credentials with an unsigned STS AssumeRoleWithWebIdentity. This is
// how EKS pods and GitHub Actions OIDC set-ups without the configure action authenticate.

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts.h"
#include "util/env.h"

namespace aws {

class WebIdentityProvider final : public CredentialsProvider {
 public:
  // `source` becomes Credentials::source ("web-identity").
  WebIdentityProvider(StsTarget sts, std::string token_file, AssumeRoleParams params,
                      std::string source);
  util::Result<Credentials> get() override;

 private:
  StsTarget m_sts;
  std::string m_token_file;
  AssumeRoleParams m_params;
  std::string m_source;
};

// From AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME). A provider
// failing with not_configured() when the token file variable is unset, and with an error
// when only one of the two is set.
std::unique_ptr<CredentialsProvider> web_identity_from_env(const util::Env& env, StsTarget sts);

}  // namespace aws
