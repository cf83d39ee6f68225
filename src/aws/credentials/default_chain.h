#pragma once
// The default credential chain (digest §7): environment variables, web identity, the
// profile, container credentials, EC2 instance metadata; wrapped in a cache that refreshes
// temporary credentials 5 minutes before they expire.
//
// Environment versus profile: we follow botocore/the AWS CLI, not the JS SDK. Keys in the
// environment win even when AWS_PROFILE is set (GitHub's configure-aws-credentials exports
// keys, and a stray AWS_PROFILE must not override them), EXCEPT when --profile is given on
// the command line: an explicit profile drops the environment sources (keys and the
// AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN pair), so `--profile prod` never silently uses
// whatever happens to be exported. (botocore drops only the keys; we drop both because the
// user named the profile.)

#include <memory>
#include <string>

#include "aws/config_file.h"
#include "aws/credentials/credentials.h"
#include "aws/credentials/sts.h"
#include "aws/http_transport.h"
#include "util/env.h"

namespace aws {

struct DefaultChainOptions {
  std::string profile = "default";  // the profile in effect
  bool explicit_profile = false;    // given with --profile
};

// Builds the chain without touching the network; `env` is read now, `transport` and
// `sts.clock` are kept and must outlive the provider.
std::unique_ptr<CredentialsProvider> make_default_chain(const SharedConfig& config,
                                                        const DefaultChainOptions& options,
                                                        const util::Env& env,
                                                        HttpTransport& transport,
                                                        const StsTarget& sts);

}  // namespace aws
