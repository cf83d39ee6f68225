#pragma once
// Option groups that several ECS commands parse the same way: the target service, and the
// rollout watch limits of deploy and rollback.

#include <string>

#include "cli/option_values.h"
#include "engine/deploy.h"
#include "util/result.h"

namespace cli {

struct Target {
  std::string cluster;  // names, also when ARNs were given
  std::string service;
  std::string account;  // the account the ARNs name ("" for plain names)
};

// --cluster and --service, both required (names or ARNs); the cluster is checked first. A
// service ARN must name the same cluster, and ARNs one account.
util::Result<Target> parse_target(const OptionValues& values);

// --expect-account, else the account of the ARNs (so preflight checks it): "" when neither.
util::Result<std::string> expected_account(const Target& target, const OptionValues& values);

// --timeout and --crash-loop-threshold (1-100) into `watch`; unset options keep its defaults.
// On error `watch` is unchanged.
util::Status parse_watch(const OptionValues& values, engine::WatchOptions& watch);

}  // namespace cli
