#pragma once
// Option groups that several ECS commands parse the same way: the target service, and the
// rollout watch limits of deploy and rollback.

#include <string>

#include "cli/option_values.h"
#include "engine/deploy.h"
#include "util/result.h"

namespace cli {

struct Target {
  std::string cluster;
  std::string service;
};

// --cluster and --service, both required (names or ARNs); the cluster is checked first.
util::Result<Target> parse_target(const OptionValues& values);

// --timeout and --crash-loop-threshold (1-100) into `watch`; unset options keep its defaults.
// On error `watch` is unchanged.
util::Status parse_watch(const OptionValues& values, engine::WatchOptions& watch);

}  // namespace cli
