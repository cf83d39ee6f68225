#pragma once
// ECS/EKS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// (http://169.254.170.2<uri>) or AWS_CONTAINER_CREDENTIALS_FULL_URI (plain http only to
// loopback or the ECS/EKS link-local agents), with an Authorization header from
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read each time, preferred) or
// AWS_CONTAINER_AUTHORIZATION_TOKEN.

#include <optional>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/env.h"

namespace aws {

class ContainerProvider final : public CredentialsProvider {
 public:
  // Snapshots the variables; `transport` must outlive the provider.
  ContainerProvider(const util::Env& env, HttpTransport& transport);
  util::Result<Credentials> get() override;

 private:
  HttpTransport& m_transport;
  std::optional<util::Error> m_config_error;  // not configured, or a bad FULL_URI
  std::string m_url;
  std::string m_token_file;
  std::string m_token;  // never printed
};

// Whether a FULL_URI may be used: https anywhere; http only to 127.0.0.0/8, localhost, [::1],
// 169.254.170.2, 169.254.170.23 and [fd00:ec2::23]. Exposed for tests.
bool container_uri_allowed(const std::string& url);

}  // namespace aws
