#pragma once
// Credentials of a named profile in the shared files, in botocore's order: role_arn (with
// source_profile, credential_source or web_identity_token_file) → SSO → static keys in the
// credentials file → credential_process → static keys in the config file. Roles chain
// through source_profile with cycle detection.

#include <cstddef>
#include <memory>
#include <string>

#include "aws/config_file.h"
#include "aws/credentials/credentials.h"
#include "aws/credentials/sts.h"
#include "aws/http_transport.h"
#include "util/env.h"

namespace aws {

struct ProfileDeps {
  const util::Env* env = nullptr;      // read while building (credential_source), not kept
  HttpTransport* transport = nullptr;  // kept: container/IMDS/SSO sources
  StsTarget sts;
};

// The longest source_profile chain followed (role -> role -> ... -> credentials). Real chains
// have 2 or 3 hops; botocore has no explicit limit and fails near Python's recursion limit.
inline constexpr size_t k_max_source_profile_hops = 64;

// Builds, without network access, the provider for profile `name`. Problems are reported
// when get() is called: not_configured() when the profile does not exist (unless
// `must_exist`, as for --profile/AWS_PROFILE) or has no credential settings; an error for
// broken settings (half a key pair, a source_profile cycle, a bad credential_source...).
std::unique_ptr<CredentialsProvider> make_profile_provider(const SharedConfig& config,
                                                           const std::string& name, bool must_exist,
                                                           const ProfileDeps& deps);

}  // namespace aws
