#include "aws/endpoint.h"

#include <algorithm>
#include <array>

#include "util/strings.h"

namespace aws {

namespace {

struct Partition {
  std::string_view region_prefix;
  std::string_view dns_suffix;
  std::string_view dualstack_suffix;
};

// From botocore's partitions.json; the commercial partition ("aws", incl. GovCloud) is the
// fallback. More specific prefixes come first.
constexpr std::array<Partition, 6> k_partitions = {{
    {"cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn"},
    {"eusc-", "amazonaws.eu", "api.amazonwebservices.eu"},
    {"us-isob-", "sc2s.sgov.gov", "api.aws.scloud"},
    {"us-isof-", "csp.hci.ic.gov", "api.aws.hci.ic.gov"},
    {"us-iso-", "c2s.ic.gov", "api.aws.ic.gov"},
    {"eu-isoe-", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"},
}};
constexpr Partition k_aws = {"", "amazonaws.com", "api.aws"};

const Partition& partition_for(std::string_view region) {
  for (const auto& p : k_partitions) {
    if (region.starts_with(p.region_prefix)) {
      return p;
    }
  }
  return k_aws;
}

// Host label before the region. ECR's API host is "api.ecr", except on dual-stack where the
// rule set uses "ecr" ("ecr.us-east-1.api.aws").
std::string host_prefix(Service service, bool fips, bool dualstack) {
  const std::string fips_suffix = fips ? "-fips" : "";
  switch (service) {
    case Service::Ecs:
      return "ecs" + fips_suffix;
    case Service::Ecr:
      return (dualstack ? "ecr" : "api.ecr") + fips_suffix;
    case Service::Logs:
      return "logs" + fips_suffix;
    case Service::Sts:
      return "sts" + fips_suffix;
    case Service::ApplicationAutoScaling:
      return "application-autoscaling" + fips_suffix;
  }
  return std::string(service_info(service).signing_name) + fips_suffix;
}

util::Error invalid(std::string_view url, std::string_view why) {
  // User info may hold a password, so such a URL is never echoed back.
  const bool echo = url.find('@') == std::string_view::npos;
  std::string message = "invalid endpoint URL";
  if (echo) {
    message += " \"" + std::string(url) + "\"";
  }
  message += ": ";
  message += why;
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

}  // namespace

std::string default_endpoint(Service service, const std::string& region, bool fips,
                             bool dualstack) {
  const Partition& p = partition_for(region);
  return "https://" + host_prefix(service, fips, dualstack) + "." + region + "." +
         std::string(dualstack ? p.dualstack_suffix : p.dns_suffix);
}

std::string EndpointUrl::authority() const {
  return port ? host + ":" + std::to_string(*port) : host;
}

std::string EndpointUrl::to_string() const {
  return scheme + "://" + authority() + path;
}

util::Result<EndpointUrl> parse_endpoint_url(std::string_view url) {
  if (url.empty()) {
    return invalid(url, "it is empty");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      return invalid(url, "it contains whitespace or control characters");
    }
  }
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return invalid(url, "it needs a scheme, e.g. http://localhost:4566");
  }
  EndpointUrl out;
  out.scheme = util::to_lower(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") {
    return invalid(url, "the scheme must be http or https");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return invalid(url, "it must not have a query or fragment");
  }
  const std::size_t path_start = rest.find('/');
  std::string_view authority = rest.substr(0, path_start);
  std::string_view path =
      path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (authority.find('@') != std::string_view::npos) {
    return invalid(url, "it must not contain user info (user:password@)");
  }

  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return invalid(url, "unterminated IPv6 address");
    }
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        return invalid(url, "unexpected characters after the IPv6 address");
      }
      port = after.substr(1);
      if (port.empty()) {
        return invalid(url, "the port is empty");
      }
    }
    const std::string_view inner = host.substr(1, host.size() - 2);
    if (inner.find(':') == std::string_view::npos ||
        !std::all_of(inner.begin(), inner.end(), is_ipv6_char)) {
      return invalid(url, "malformed IPv6 address");
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) {
        return invalid(url, "the port is empty");
      }
    }
    for (char c : host) {
      if (!is_host_char(c)) {
        return invalid(url, "the host name contains invalid characters");
      }
    }
  }
  if (host.empty()) {
    return invalid(url, "it has no host");
  }
  out.host = util::to_lower(host);

  if (!port.empty()) {
    int value = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || value > 65535) {
        return invalid(url, "the port must be a number from 1 to 65535");
      }
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) {
      return invalid(url, "the port must be a number from 1 to 65535");
    }
    out.port = value;
  }
  while (path.ends_with('/')) {
    path.remove_suffix(1);
  }
  out.path = std::string(path);
  return out;
}

}  // namespace aws
