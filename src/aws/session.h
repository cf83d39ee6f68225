#pragma once
// Session: everything resolved once from flags, environment and ~/.aws files (region,
// endpoints, credentials chain, transport), owning what AwsClient refers to.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "aws/aws_client.h"
#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "util/clock.h"
#include "util/env.h"
#include "util/result.h"

namespace aws {

struct SessionOptions {
  std::optional<std::string> region;                        // --region
  std::optional<std::string> profile;                       // --profile
  std::optional<std::string> endpoint_url;                  // --endpoint-url (all services)
  std::function<void(const RetryNotice&)> on_retry;         // optional, passed to the AwsClient
  std::function<void(const SlowCallNotice&)> on_slow_call;  // optional, likewise
  // The retry mode when neither AWS_RETRY_MODE nor the profile's retry_mode names one
  // (a fleet deploy asks for "adaptive"); empty: standard.
  std::string default_retry_mode;
};

struct Session {
  std::string region;
  std::string profile;  // the profile name in effect ("default" when none)
  // Where each endpoint came from ("--endpoint-url", "AWS_ENDPOINT_URL_ECS", "default"...),
  // for diagnostics; the URLs themselves are in client->config().endpoints.
  std::map<Service, std::string> endpoint_origins;
  std::unique_ptr<HttpTransport> transport;
  std::unique_ptr<CredentialsProvider> credentials;  // the chain
  std::unique_ptr<AwsClient> client;
};

// Resolves region, endpoints and the credential chain as the AWS CLI does. Does not fetch
// credentials yet: the first call does. `transport` may be supplied (tests); otherwise a
// curl transport is created. Reads the shared files and the environment, never the network.
// `clock` must outlive the session; `env` need not. Errors are InvalidInput (exit 2): bad
// or missing region, malformed config file, malformed endpoint URL, unknown --profile or
// AWS_PROFILE, bad AWS_MAX_ATTEMPTS / AWS_RETRY_MODE.
util::Result<Session> make_session(const SessionOptions& options, const util::Env& env,
                                   util::Clock& clock,
                                   std::unique_ptr<HttpTransport> transport = nullptr);

}  // namespace aws
