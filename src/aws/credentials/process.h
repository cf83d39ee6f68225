#pragma once
// credential_process: run a profile's command through /bin/sh and read credentials from its
// stdout, JSON {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken",
// "Expiration"}. Its stderr goes to ours so the tool can talk to the user. Neither the
// command line nor the output is ever quoted in an error: both may carry secrets.

#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"

namespace aws {

class ProcessProvider final : public CredentialsProvider {
 public:
  // `source` becomes Credentials::source; `label` names the setting in errors
  // ("credential_process of profile 'dev'").
  ProcessProvider(std::string command, std::string source, std::string label);
  util::Result<Credentials> get() override;

 private:
  std::string m_command;
  std::string m_source;
  std::string m_label;
};

// Parses the command's stdout (exposed for tests).
util::Result<Credentials> parse_process_output(std::string_view output);

}  // namespace aws
