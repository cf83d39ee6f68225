#include "aws/credentials/default_chain.h"

#include "aws/credentials/cached.h"
#include "aws/credentials/chain.h"
#include "aws/credentials/container.h"
#include "aws/credentials/env.h"
#include "aws/credentials/imds.h"
#include "aws/credentials/profile.h"
#include "aws/credentials/web_identity.h"

namespace aws {

std::unique_ptr<CredentialsProvider> make_default_chain(const SharedConfig& config,
                                                        const DefaultChainOptions& options,
                                                        const util::Env& env,
                                                        HttpTransport& transport,
                                                        const StsTarget& sts) {
  std::vector<ChainLink> links;
  if (!options.explicit_profile) {
    links.push_back({"environment variables", std::make_unique<EnvProvider>(env)});
    links.push_back({"web identity", web_identity_from_env(env, sts)});
  }
  ProfileDeps deps{&env, &transport, sts};
  links.push_back({"profile '" + options.profile + "'",
                   make_profile_provider(config, options.profile, options.explicit_profile, deps)});
  links.push_back({"container credentials", std::make_unique<ContainerProvider>(env, transport)});
  links.push_back({"EC2 instance metadata", std::make_unique<ImdsProvider>(env, transport)});
  std::string advice =
      "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a configured profile with "
      "--profile or AWS_PROFILE (see 'aws configure'), or use OIDC with AWS_ROLE_ARN and "
      "AWS_WEB_IDENTITY_TOKEN_FILE.";
  return std::make_unique<CachedProvider>(
      std::make_unique<ChainProvider>(std::move(links), std::move(advice)), *sts.clock);
}

}  // namespace aws
