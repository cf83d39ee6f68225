#pragma once
// GitHub Actions OIDC without the configure-aws-credentials action: a job with
// `permissions: id-token: write` gets ACTIONS_ID_TOKEN_REQUEST_URL and
// ACTIONS_ID_TOKEN_REQUEST_TOKEN; GET <url>&audience=sts.amazonaws.com with
// "Authorization: Bearer <token>" answers {"value": "<jwt>"}, which web identity then
// exchanges for role credentials (digest §7.2). The request token and the JWT are secrets.

#include <string>

#include "aws/http_transport.h"
#include "util/result.h"

namespace aws {

struct GithubOidcSettings {
  std::string request_url;    // ACTIONS_ID_TOKEN_REQUEST_URL
  std::string request_token;  // ACTIONS_ID_TOKEN_REQUEST_TOKEN; never printed
  std::string audience = "sts.amazonaws.com";
};

// Fetches a fresh ID token (they live about 5 minutes, so one per STS exchange).
util::Result<std::string> fetch_github_oidc_token(HttpTransport& transport,
                                                  const GithubOidcSettings& settings);

}  // namespace aws
