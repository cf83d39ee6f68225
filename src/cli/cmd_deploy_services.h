#pragma once
// deploy --services web,worker / --all-services: one image tag to several entries of the
// config file in one run. Each entry supplies its cluster, service, container, family and ECR
// repository; the other deploy options (tag, desired count, timeout, rollback...) apply to
// every service, except the desired count: without --desired-count (flag or environment)
// each service keeps its current count.

#include <optional>
#include <string>
#include <vector>

#include "cli/config_file.h"
#include "cli/option_values.h"
#include "engine/deploy.h"
#include "util/env.h"
#include "util/result.h"

namespace cli {

struct ServicesSelection {
  std::vector<std::string> entries;  // config entry names, in the order given (file order
                                     // for --all-services)
  std::vector<engine::DeployOptions> services;
  std::optional<std::string> region;  // the entries' common region, when they name one
};

// Whether the options ask for several services (--services or --all-services).
bool wants_several_services(const OptionValues& values);

// Pure. Errors (InvalidInput): no config file, --target given too, unknown or repeated
// entries, a per-service option (--cluster, --service, --container, --family, --repository)
// given as a flag or in the environment, entries in different regions, the same service
// twice, or anything parse_deploy rejects for an entry.
util::Result<ServicesSelection> parse_deploy_services(const OptionValues& values,
                                                      const util::Env& env,
                                                      const std::optional<ConfigFile>& config,
                                                      const std::optional<std::string>& target);

}  // namespace cli
