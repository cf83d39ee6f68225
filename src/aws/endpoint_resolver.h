#pragma once
// Where each service's requests go, resolved as the AWS CLI does:
//   --endpoint-url → AWS_ENDPOINT_URL_<SERVICE> → AWS_ENDPOINT_URL → the profile's
//   [services x] block (`ecs = \n endpoint_url = ...`) → the profile's endpoint_url →
//   the real regional endpoint (FIPS / dual-stack from AWS_USE_FIPS_ENDPOINT,
//   AWS_USE_DUALSTACK_ENDPOINT or the profile's use_fips_endpoint / use_dualstack_endpoint).
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (or the profile's ignore_configured_endpoint_urls)
// drops the environment and profile overrides; an explicit --endpoint-url still applies.

#include <optional>
#include <string>

#include "aws/config_file.h"
#include "aws/service.h"
#include "util/env.h"
#include "util/result.h"

namespace aws {

struct EndpointInputs {
  std::optional<std::string> endpoint_url;  // --endpoint-url, for every service
  const util::Env* env = nullptr;
  const SharedConfig* config = nullptr;  // may be null: no profile settings
  std::optional<ConfigSection> profile;  // the merged profile in effect, if it exists
};

struct ResolvedEndpoint {
  std::string url;     // normalized base URL, no trailing '/'
  std::string origin;  // "--endpoint-url", "AWS_ENDPOINT_URL_ECS", "default", ...
  // For origin "default": the flags it was built with, to build another region's URL alike.
  bool fips = false;
  bool dualstack = false;
};

// A malformed override is InvalidInput naming where it came from.
util::Result<ResolvedEndpoint> resolve_endpoint(Service service, const std::string& region,
                                                const EndpointInputs& inputs);

}  // namespace aws
