#include "aws/endpoint_resolver.h"

#include "aws/endpoint.h"
#include "util/strings.h"

namespace aws {

namespace {

std::optional<bool> parse_bool(const std::optional<std::string>& v) {
  if (!v) {
    return std::nullopt;
  }
  std::string_view t = util::trim(*v);
  if (util::iequals(t, "true")) {
    return true;
  }
  if (util::iequals(t, "false")) {
    return false;
  }
  return std::nullopt;
}

// The environment variable wins; the profile setting is the fallback.
util::Result<bool> flag(const EndpointInputs& in, const std::string& env_name,
                        const std::string& profile_key) {
  if (auto v = in.env->get_nonempty(env_name)) {
    auto b = parse_bool(v);
    if (!b) {
      return util::make_error(util::ErrorKind::InvalidInput, env_name + " must be true or false");
    }
    return *b;
  }
  if (in.profile) {
    if (auto v = in.profile->get_nonempty(profile_key)) {
      auto b = parse_bool(v);
      if (!b) {
        return util::make_error(util::ErrorKind::InvalidInput,
                                "profile setting " + profile_key + " must be true or false");
      }
      return *b;
    }
  }
  return false;
}

util::Result<ResolvedEndpoint> validated(const std::string& url, std::string origin) {
  auto parsed = parse_endpoint_url(url);
  if (!parsed) {
    util::Error e = parsed.take_error();
    e.kind = util::ErrorKind::InvalidInput;
    e.message = origin + ": " + e.message;
    return e;
  }
  return ResolvedEndpoint{parsed->to_string(), std::move(origin)};
}

}  // namespace

util::Result<ResolvedEndpoint> resolve_endpoint(Service service, const std::string& region,
                                                const EndpointInputs& in) {
  const ServiceInfo& info = service_info(service);
  if (in.endpoint_url) {
    return validated(*in.endpoint_url, "--endpoint-url");
  }
  auto ignore = flag(in, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls");
  if (!ignore) {
    return ignore.take_error();
  }
  if (!*ignore) {
    const std::string service_env = "AWS_ENDPOINT_URL_" + std::string(info.endpoint_env);
    if (auto v = in.env->get_nonempty(service_env)) {
      return validated(*v, service_env);
    }
    if (auto v = in.env->get_nonempty("AWS_ENDPOINT_URL")) {
      return validated(*v, "AWS_ENDPOINT_URL");
    }
    if (in.profile && in.config != nullptr) {
      if (auto name = in.profile->get_nonempty("services")) {
        const ConfigSection* services = in.config->services(*name);
        if (services == nullptr) {
          return util::make_error(util::ErrorKind::InvalidInput,
                                  "the profile names services '" + *name +
                                      "', but there is no [services " + *name + "] section in " +
                                      in.config->config_file().path);
        }
        if (auto v = services->get_nested(info.config_key, "endpoint_url"); v && !v->empty()) {
          return validated(
              *v, "[services " + *name + "] " + std::string(info.config_key) + " endpoint_url");
        }
      }
    }
    if (in.profile) {
      if (auto v = in.profile->get_nonempty("endpoint_url")) {
        return validated(*v, "the profile's endpoint_url");
      }
    }
  }
  auto fips = flag(in, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
  if (!fips) {
    return fips.take_error();
  }
  auto dualstack = flag(in, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
  if (!dualstack) {
    return dualstack.take_error();
  }
  return ResolvedEndpoint{default_endpoint(service, region, *fips, *dualstack), "default", *fips,
                          *dualstack};
}

}  // namespace aws
