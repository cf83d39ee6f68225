#pragma once
// AssumeRoleProvider: role credentials from a signed STS AssumeRole, made with the
// credentials of a source provider (another profile, the environment, the container or
// instance metadata). Chained profiles nest one inside another.

#include <memory>
#include <string>

#include "aws/credentials/credentials.h"
#include "aws/credentials/sts.h"

namespace aws {

class AssumeRoleProvider final : public CredentialsProvider {
 public:
  AssumeRoleProvider(StsTarget sts, std::unique_ptr<CredentialsProvider> source,
                     AssumeRoleParams params, std::string source_label);
  util::Result<Credentials> get() override;

 private:
  StsTarget m_sts;
  std::unique_ptr<CredentialsProvider> m_source;
  AssumeRoleParams m_params;
  std::string m_label;
};

}  // namespace aws
