#pragma once
// Endpoints: the default regional URL of each service (digest §1, checked against botocore's
// endpoint rule sets) and validation of user-supplied overrides (--endpoint-url,
// AWS_ENDPOINT_URL[_<SERVICE>], profile endpoint_url). An override changes only where
// requests go; they are still signed with the real signing name and region.

#include <optional>
#include <string>
#include <string_view>

#include "aws/service.h"
#include "util/result.h"

namespace aws {

// "https://ecs.us-east-1.amazonaws.com", "https://api.ecr.cn-north-1.amazonaws.com.cn",
// "https://logs-fips.us-west-2.amazonaws.com", "https://ecs.eu-west-1.api.aws" (dual-stack).
// Pure: no network, no validation of the region name (callers validate it).
std::string default_endpoint(Service service, const std::string& region, bool fips, bool dualstack);

// A validated endpoint override.
struct EndpointUrl {
  std::string scheme;  // "http" or "https" (lowercased)
  std::string host;    // "127.0.0.1", "localhost", "[::1]" (lowercased)
  std::optional<int> port;
  std::string path;  // "" or a base path such as "/prefix" (no trailing '/')

  // "host" or "host:port": what the Host header and the signature see.
  std::string authority() const;
  // Normalized base URL, "http://127.0.0.1:4566" or "https://example.com/prefix".
  std::string to_string() const;
};

// Validates an override URL: scheme http or https, a host, an optional port 1-65535, an
// optional path, and no user info, query or fragment. Errors are InvalidInput with a
// one-line message saying what is wrong ("localhost:4566" lacks a scheme, "http://" a host).
util::Result<EndpointUrl> parse_endpoint_url(std::string_view url);

}  // namespace aws
