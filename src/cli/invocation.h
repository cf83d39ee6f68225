#pragma once
// Invocation: everything a run needs to know before any AWS call, resolved purely from
// parsed argv, the environment and the (already read) config file.

#include <optional>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/config_file.h"
#include "cli/global_options.h"
#include "cli/option_values.h"
#include "util/env.h"
#include "util/result.h"

namespace cli {

struct Invocation {
  GlobalOptions global;
  const Command* command = nullptr;
  OptionValues values;
};

// A cluster or service ARN names its region: it becomes the session's region, unless --region
// or AWS_REGION/AWS_DEFAULT_REGION names another, which is an InvalidInput error (the calls
// would go to another region than the ARN's).
util::Status take_arn_region(const OptionValues& values, const util::Env& env,
                             GlobalOptions& global);

// Selects the config target (--target, or the only entry), applies flag > env > config >
// default to the command's options, and takes the target's region when neither --region
// nor AWS_REGION/AWS_DEFAULT_REGION names one. Errors are InvalidInput.
util::Result<Invocation> resolve_invocation(const ParsedArgs& args, GlobalOptions global,
                                            const Command& command, const util::Env& env,
                                            const std::optional<ConfigFile>& config);

}  // namespace cli
