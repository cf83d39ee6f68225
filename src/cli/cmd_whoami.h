#pragma once
// ecsdeploy whoami: which AWS identity, account and region the other commands would use.

#include <string>

#include "cli/command.h"
#include "services/sts_client.h"

namespace cli {

struct WhoamiResult {
  services::CallerIdentity identity;
  std::string region;
  std::string credential_source;  // Credentials::source, never the keys
};

OptionTable whoami_options();
int run_whoami(CommandContext& context);

// Pure renderers (tested with tables).
std::string whoami_text(const WhoamiResult& result);
std::string whoami_json(const WhoamiResult& result);  // one line + '\n'

}  // namespace cli
