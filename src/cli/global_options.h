#pragma once
// Options every command accepts (README, "Exit codes"), resolved from argv and environment.

#include <optional>
#include <string>

#include "aws/session.h"
#include "cli/args.h"
#include "cli/option_spec.h"
#include "util/env.h"
#include "util/result.h"

namespace cli {

enum class OutputFormat { Text, Json };

struct GlobalOptions {
  aws::SessionOptions session;  // --region, --profile, --endpoint-url
  OutputFormat output = OutputFormat::Text;
  bool no_color = false;
  int verbosity = 0;
  bool version = false;
  bool help = false;
  std::optional<std::string> config_path;  // --config FILE / ECSDEPLOY_CONFIG
  std::optional<std::string> target;       // --target NAME / ECSDEPLOY_TARGET
};

OptionTable global_option_table();

// Pure. Validates region, endpoint URL and output format (InvalidInput on bad values).
util::Result<GlobalOptions> global_options_from(const ParsedArgs& args, const util::Env& env);

}  // namespace cli
