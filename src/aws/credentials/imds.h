#pragma once
// EC2 instance metadata (IMDSv2): PUT /latest/api/token, then the role name from
// /latest/meta-data/iam/security-credentials/ and its credentials. 1 s timeouts, so a
// machine that is not on EC2 moves on quickly. AWS_EC2_METADATA_DISABLED=true skips it;
// AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the address (tests, IPv6 set-ups).

#include <optional>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/env.h"

namespace aws {

class ImdsProvider final : public CredentialsProvider {
 public:
  // Snapshots the variables; `transport` must outlive the provider.
  ImdsProvider(const util::Env& env, HttpTransport& transport);
  util::Result<Credentials> get() override;

 private:
  util::Result<std::string> fetch_token(bool& v1_fallback);
  util::Result<HttpResponse> fetch(const std::string& path, const std::string& token);

  HttpTransport& m_transport;
  bool m_disabled = false;
  bool m_v1_disabled = false;
  std::string m_endpoint;  // no trailing slash
};

}  // namespace aws
