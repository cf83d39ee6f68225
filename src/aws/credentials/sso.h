#pragma once
// IAM Identity Center (SSO) profiles: the token cached by `aws sso login` in
// ~/.aws/sso/cache/<sha1(sso_session name, or legacy sso_start_url)>.json is exchanged for
// role credentials with GET https://portal.sso.<sso_region>.amazonaws.com/federation/
// credentials (AWS_ENDPOINT_URL_SSO overrides the base URL). ecsdeploy never logs in itself:
// an absent or expired token tells the user to run `aws sso login`.

#include <memory>
#include <string>

#include "aws/config_file.h"
#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/clock.h"
#include "util/env.h"

namespace aws {

struct SsoSettings {
  std::string profile;     // for messages and Credentials::source
  std::string cache_file;  // absolute path of the cached token
  std::string portal_url;  // base URL, no trailing '/'
  std::string account_id;
  std::string role_name;
};

class SsoProvider final : public CredentialsProvider {
 public:
  SsoProvider(SsoSettings settings, HttpTransport& transport, util::Clock& clock);
  util::Result<Credentials> get() override;

 private:
  SsoSettings m_settings;
  HttpTransport& m_transport;
  util::Clock& m_clock;
};

// Reads the profile's sso_* settings (and its [sso-session]); InvalidInput when incomplete.
util::Result<std::unique_ptr<CredentialsProvider>> make_sso_provider(
    const SharedConfig& config, const std::string& profile, const ConfigSection& settings,
    const util::Env& env, HttpTransport& transport, util::Clock& clock);

}  // namespace aws
