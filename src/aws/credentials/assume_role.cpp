#include "aws/credentials/assume_role.h"

namespace aws {

AssumeRoleProvider::AssumeRoleProvider(StsTarget sts, std::unique_ptr<CredentialsProvider> source,
                                       AssumeRoleParams params, std::string source_label)
    : m_sts(std::move(sts)),
      m_source(std::move(source)),
      m_params(std::move(params)),
      m_label(std::move(source_label)) {}

util::Result<Credentials> AssumeRoleProvider::get() {
  auto source = m_source->get();
  if (!source) {
    util::Error e = source.take_error();
    if (is_not_configured(e)) {
      // Inside a role set-up a missing source is an error, not a reason to skip.
      e.code = "CredentialsError";
    }
    e.message = "source credentials for role " + m_params.role_arn + ": " + e.message;
    return e;
  }
  auto creds = sts_assume_role(m_sts, *source, m_params);
  if (creds) {
    creds->source = m_label;
  }
  return creds;
}

}  // namespace aws
