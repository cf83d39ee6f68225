#pragma once
// AwsClient: one signed, retried AWS call. Service clients (src/services) build the input,
// call this, and turn the output into structs. Implemented in aws_client.cpp on top of
// endpoint resolution, sigv4, retry and the json/query protocol helpers.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "aws/credentials/credentials.h"
#include "aws/http_transport.h"
#include "aws/rate_limiter.h"
#include "aws/retry.h"
#include "aws/service.h"
#include "util/clock.h"
#include "util/result.h"

namespace aws {

// A call that has been waiting for its answer for a while (every k_slow_call_notice of one
// attempt), so the user sees which call hangs, and which attempt, without -v.
struct SlowCallNotice {
  std::string operation;  // "ecs:DescribeServices"
  int attempt = 0;
  int max_attempts = 0;
  util::Duration waited{0};
};
inline constexpr util::Duration k_slow_call_notice{10000};

struct ClientConfig {
  std::string region;
  std::map<Service, std::string> endpoints;  // resolved base URL per service
  // Services whose endpoint is the regional default rather than an override: a call made for
  // another region goes to that region's default endpoint (built with these flags). An
  // override (an emulator, a VPC endpoint) serves every region.
  std::set<Service> regional_endpoints;
  bool fips = false;
  bool dualstack = false;
  int max_attempts = 3;                                     // AWS_MAX_ATTEMPTS
  std::string user_agent;                                   // "ecsdeploy/0.1.0 ..."
  std::function<void(const RetryNotice&)> on_retry;         // optional
  std::function<void(const SlowCallNotice&)> on_slow_call;  // optional; from the calling thread
  // The rest of the retry table (backoff bases, quota costs); its max_attempts is ignored in
  // favour of max_attempts above. RetryConfig::classic() for the legacy table;
  // RetryConfig::adaptive_mode() for adaptive pacing of the ECS buckets.
  RetryConfig retry = RetryConfig::standard();
  // Pace ECS calls by the published buckets (aws/rate_limiter.h); off only in tests that
  // script throttling answers call by call.
  bool pace_ecs_buckets = true;
  std::function<double()> jitter;  // uniform [0,1) source for backoff; tests inject one
};

class AwsClient {
 public:
  AwsClient(HttpTransport& transport, CredentialsProvider& credentials, util::Clock& clock,
            ClientConfig config);
  ~AwsClient();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  // awsJson1_1 call: POST / with X-Amz-Target "<prefix>.<operation>". Returns the parsed
  // response body (ordered, unknown members kept). Errors are classified util::Errors.
  util::Result<nlohmann::ordered_json> call_json(Service service, std::string_view operation,
                                                 const nlohmann::ordered_json& input);
  // The same in `region` (signed for it and, unless the endpoint is an override, sent to its
  // endpoint): for a resource that lives elsewhere, like an ECR image in another region.
  // An empty region is the configured one.
  util::Result<nlohmann::ordered_json> call_json(Service service, std::string_view operation,
                                                 const nlohmann::ordered_json& input,
                                                 const std::string& region);

  // awsQuery call (STS): form-encoded Action/Version/params; returns the raw XML body.
  util::Result<std::string> call_query(
      Service service, std::string_view action,
      const std::vector<std::pair<std::string, std::string>>& params);

  const ClientConfig& config() const { return m_config; }
  // The correction applied to the local clock when signing, learned from clock-skew errors.
  util::Duration clock_offset() const;
  // The client-side pacing every call of this client goes through (nullptr when off).
  const RateLimiter* rate_limiter() const { return m_limiter.get(); }
  // The service's clock: the local clock moved by the Date of the latest successful answer
  // (1 s resolution); nullopt before any answer carried one. Ages of tasks (their startedAt
  // is the service's time) are measured against this, not against the local clock.
  std::optional<util::SystemTime> server_now() const;

 private:
  // Signs, sends and retries one call; a non-2xx response comes back as a classified Error.
  util::Result<HttpResponse> send(Service service, std::string_view operation,
                                  const HttpRequest& request, const std::string& region);
  // The base URL for `service` in `region` ("" = the configured region).
  std::string endpoint(Service service, const std::string& region = {}) const;

  HttpTransport& m_transport;
  CredentialsProvider& m_credentials;
  util::Clock& m_clock;
  ClientConfig m_config;
  std::unique_ptr<RetryStrategy> m_retry;
  std::unique_ptr<RateLimiter> m_limiter;
  std::atomic<bool> m_server_date_seen{false};
  std::atomic<int64_t> m_server_offset_ms{0};  // Date minus the local clock at that answer
};

}  // namespace aws
