#include "aws/credentials/web_identity.h"

#include "aws/credentials/chain.h"
#include "aws/credentials/github_oidc.h"
#include "aws/credentials/token_file.h"

namespace aws {

WebIdentityProvider::WebIdentityProvider(StsTarget sts, std::string token_file,
                                         AssumeRoleParams params, std::string source)
    : WebIdentityProvider(
          std::move(sts),
          [file = std::move(token_file)] {
            return read_token_file(file, "web identity token file");
          },
          std::move(params), std::move(source)) {}

WebIdentityProvider::WebIdentityProvider(StsTarget sts, TokenSource token, AssumeRoleParams params,
                                         std::string source)
    : m_sts(std::move(sts)),
      m_token(std::move(token)),
      m_params(std::move(params)),
      m_source(std::move(source)) {}

util::Result<Credentials> WebIdentityProvider::get() {
  auto token = m_token();
  if (!token) {
    return token.take_error();
  }
  auto creds = sts_assume_role_with_web_identity(m_sts, m_params, *token);
  if (creds) {
    creds->source = m_source;
  }
  return creds;
}

std::unique_ptr<CredentialsProvider> web_identity_from_env(const util::Env& env, StsTarget sts) {
  auto file = env.get_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE");
  auto role = env.get_nonempty("AWS_ROLE_ARN");
  auto gh_url = env.get_nonempty("ACTIONS_ID_TOKEN_REQUEST_URL");
  auto gh_token = env.get_nonempty("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  const bool github = !file && role && gh_url && gh_token;
  if (!file && !github) {
    return std::make_unique<FailingProvider>(
        not_configured(role ? "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not"
                            : "AWS_WEB_IDENTITY_TOKEN_FILE not set"));
  }
  if (!role) {
    return std::make_unique<FailingProvider>(credentials_error(
        "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set the role to assume"));
  }
  AssumeRoleParams params;
  params.role_arn = *role;
  params.session_name = env.get_or("AWS_ROLE_SESSION_NAME", "");
  if (github) {
    HttpTransport* transport = sts.transport;
    GithubOidcSettings gh{*gh_url, *gh_token};
    auto fetch = [transport, gh] { return fetch_github_oidc_token(*transport, gh); };
    return std::make_unique<WebIdentityProvider>(std::move(sts), std::move(fetch),
                                                 std::move(params), "web-identity:github");
  }
  return std::make_unique<WebIdentityProvider>(std::move(sts), *file, std::move(params),
                                               "web-identity");
}

}  // namespace aws
