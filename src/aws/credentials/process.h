#pragma once
// credential_process: run a profile's command through /bin/sh and read credentials from its
// stdout, JSON {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken",
// "Expiration"}. Its stderr goes to ours so the tool can talk to the user. Neither the
// command line nor the output is ever quoted in an error: both may carry secrets.

#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials/credentials.h"

namespace aws {

// How long the command may run: generous for a helper that opens a browser or asks for MFA
// on the terminal, yet bounded so a hung helper cannot hang a CI job.
inline constexpr std::chrono::milliseconds k_credential_process_timeout{60000};

class ProcessProvider final : public CredentialsProvider {
 public:
  // `source` becomes Credentials::source; `label` names the setting in errors
  // ("credential_process of profile 'dev'"). The command is killed after `timeout` or once it
  // prints more than 1 MiB (util::k_max_token_bytes).
  ProcessProvider(std::string command, std::string source, std::string label,
                  std::chrono::milliseconds timeout = k_credential_process_timeout);
  util::Result<Credentials> get() override;

 private:
  std::string m_command;
  std::string m_source;
  std::string m_label;
  std::chrono::milliseconds m_timeout;
};

// Parses the command's stdout (exposed for tests).
util::Result<Credentials> parse_process_output(std::string_view output);

}  // namespace aws
