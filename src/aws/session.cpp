#include "aws/session.h"

#include "aws/ca_bundle.h"
#include "aws/config_file.h"
#include "aws/credentials/default_chain.h"
#include "aws/endpoint_resolver.h"
#include "aws/region.h"
#include "aws/socket_transport.h"
#include "aws/version.h"
#include "util/strings.h"

namespace aws {

namespace {

util::Error invalid(std::string message) {
  return util::make_error(util::ErrorKind::InvalidInput, std::move(message));
}

struct ProfileChoice {
  std::string name = "default";
  std::string origin;  // "--profile", "AWS_PROFILE", ... ; empty for the implicit default
};

util::Result<ProfileChoice> choose_profile(const SessionOptions& options, const util::Env& env) {
  ProfileChoice choice;
  if (options.profile) {
    std::string name(util::trim(*options.profile));
    if (name.empty()) {
      return invalid("--profile is empty; pass a profile name or leave it out");
    }
    return ProfileChoice{name, "--profile"};
  }
  for (const char* var : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    if (auto v = env.get_nonempty(var)) {
      return ProfileChoice{std::string(util::trim(*v)), var};
    }
  }
  return choice;
}

// AWS_MAX_ATTEMPTS, else the profile's max_attempts, else 3.
util::Result<int> max_attempts(const util::Env& env, const std::optional<ConfigSection>& profile) {
  std::optional<std::string> raw = env.get_nonempty("AWS_MAX_ATTEMPTS");
  std::string origin = "AWS_MAX_ATTEMPTS";
  if (!raw && profile) {
    raw = profile->get_nonempty("max_attempts");
    origin = "the profile's max_attempts";
  }
  if (!raw) {
    return 3;
  }
  std::string v(util::trim(*raw));
  if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(v) < 1) {
    return invalid(origin + " must be a whole number from 1 to 999");
  }
  return std::stoi(v);
}

// AWS_RETRY_MODE / retry_mode: "standard" (default), "adaptive" (standard plus a pace that
// throttling lowers, aws/rate_limiter.h) or "legacy".
util::Result<RetryConfig> retry_config(const util::Env& env,
                                       const std::optional<ConfigSection>& profile,
                                       const std::string& default_mode) {
  std::optional<std::string> mode = env.get_nonempty("AWS_RETRY_MODE");
  if (!mode && profile) {
    mode = profile->get_nonempty("retry_mode");
  }
  if (!mode && !default_mode.empty()) {
    mode = default_mode;
  }
  if (!mode) {
    return RetryConfig::standard();
  }
  std::string m = util::to_lower(util::trim(*mode));
  if (m == "standard") {
    return RetryConfig::standard();
  }
  if (m == "adaptive") {
    return RetryConfig::adaptive_mode();
  }
  if (m == "legacy") {
    return RetryConfig::classic();
  }
  return invalid("retry mode '" + *mode + "' is not one of standard, adaptive, legacy");
}

}  // namespace

util::Result<Session> make_session(const SessionOptions& options, const util::Env& env,
                                   util::Clock& clock, std::unique_ptr<HttpTransport> transport) {
  auto config = SharedConfig::load(env);
  if (!config) {
    return config.take_error();
  }
  auto choice = choose_profile(options, env);
  if (!choice) {
    return choice.take_error();
  }
  std::optional<ConfigSection> profile = config->profile(choice->name);
  if (!profile && !choice->origin.empty()) {
    return invalid("profile '" + choice->name + "' (from " + choice->origin + ") not found in " +
                   config->credentials_file().path + " or " + config->config_file().path);
  }
  auto region = resolve_region(options.region, env, profile);
  if (!region) {
    return region.take_error();
  }
  Session session;
  session.region = *region;
  session.profile = choice->name;

  ClientConfig cc;
  cc.region = *region;
  EndpointInputs inputs{options.endpoint_url, &env, &config.value(), profile};
  for (Service s :
       {Service::Ecs, Service::Ecr, Service::Logs, Service::Sts, Service::ApplicationAutoScaling}) {
    auto ep = resolve_endpoint(s, *region, inputs);
    if (!ep) {
      return ep.take_error();
    }
    cc.endpoints[s] = ep->url;
    if (ep->origin == "default") {
      cc.regional_endpoints.insert(s);
      cc.fips = ep->fips;
      cc.dualstack = ep->dualstack;
    }
    session.endpoint_origins[s] = ep->origin;
  }
  auto attempts = max_attempts(env, profile);
  if (!attempts) {
    return attempts.take_error();
  }
  auto retry = retry_config(env, profile, options.default_retry_mode);
  if (!retry) {
    return retry.take_error();
  }
  cc.max_attempts = *attempts;
  cc.retry = *retry;
  cc.user_agent = std::string(k_user_agent);
  cc.on_retry = options.on_retry;
  cc.on_slow_call = options.on_slow_call;

  if (transport) {
    session.transport = std::move(transport);
  } else {
    TransportOptions http;
    http.user_agent = std::string(k_user_agent);
    // AWS_CA_BUNDLE, then the profile's ca_bundle, win over the system's bundle.
    std::string bundle = env.get_or("AWS_CA_BUNDLE", "");
    if (bundle.empty() && profile) {
      bundle = profile->get_nonempty("ca_bundle").value_or("");
    }
    http.cas = bundle.empty() ? find_system_cas(env) : CaSource{expand_home(bundle, env), ""};
    session.transport = make_socket_transport(http);
  }

  StsTarget sts{session.transport.get(), &clock, cc.endpoints[Service::Sts], *region};
  DefaultChainOptions chain;
  chain.profile = choice->name;
  chain.explicit_profile = choice->origin == "--profile";
  session.credentials = make_default_chain(*config, chain, env, *session.transport, sts);
  session.client =
      std::make_unique<AwsClient>(*session.transport, *session.credentials, clock, std::move(cc));
  return session;
}

}  // namespace aws
