#include "aws/aws_client.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "aws/aws_error.h"
#include "aws/endpoint.h"
#include "aws/json_protocol.h"
#include "aws/query_protocol.h"
#include "aws/sigv4.h"
#include "aws/version.h"
#include "util/crypto.h"
#include "util/time.h"

namespace aws {

namespace {

std::string operation_name(Service service, std::string_view operation) {
  return std::string(service_info(service).signing_name) + ":" + std::string(operation);
}

// Transport-level failures say nothing about which call failed; AWS errors already name
// their code and request id, and their messages are shown as AWS wrote them.
util::Error with_operation(util::Error error, const std::string& operation) {
  if (error.http_status == 0 && error.kind != util::ErrorKind::Credentials &&
      !error.message.starts_with(operation)) {
    error.message = operation + ": " + error.message;
  }
  return error;
}

}  // namespace

AwsClient::AwsClient(HttpTransport& transport, CredentialsProvider& credentials, util::Clock& clock,
                     ClientConfig config)
    : m_transport(transport),
      m_credentials(credentials),
      m_clock(clock),
      m_config(std::move(config)) {
  RetryConfig retry = m_config.retry;
  retry.max_attempts = m_config.max_attempts;
  m_retry = std::make_unique<RetryStrategy>(clock, retry, m_config.jitter, m_config.on_retry);
  if (m_config.pace_ecs_buckets) {
    m_limiter = std::make_unique<RateLimiter>(clock, retry.adaptive);
  }
}

AwsClient::~AwsClient() = default;

util::Result<HttpResponse> AwsClient::send(Service service, std::string_view operation,
                                           const HttpRequest& request, const std::string& region) {
  const ServiceInfo& info = service_info(service);
  const std::string name = operation_name(service, operation);
  if (m_config.region.empty()) {
    return util::make_error(util::ErrorKind::InvalidInput,
                            name + ": no AWS region configured (use --region or AWS_REGION)",
                            "NoRegion");
  }
  // One id for every attempt of this call, so the service can tie retries together.
  const std::string invocation_id = util::uuid_v4();
  const std::string user_agent =
      m_config.user_agent.empty() ? std::string(k_user_agent) : m_config.user_agent;

  const std::string& call_region = region.empty() ? m_config.region : region;
  RetryCall call;
  call.operation = name;
  call.send = [&](const AttemptInfo& attempt) -> util::Result<HttpResponse> {
    // Every attempt waits for its bucket's token, and is signed after the wait.
    if (m_limiter && !m_limiter->acquire(service, operation, call_region)) {
      return util::make_error(util::ErrorKind::Cancelled, name + ": interrupted while pacing calls",
                              "Interrupted");
    }
    // Fetched per attempt: temporary credentials may have been refreshed meanwhile.
    auto credentials = m_credentials.get();
    if (!credentials) {
      return credentials.take_error();
    }
    HttpRequest signed_request = request;
    set_header(signed_request.headers, "User-Agent", user_agent);
    set_header(signed_request.headers, "amz-sdk-invocation-id", invocation_id);
    set_header(signed_request.headers, "amz-sdk-request",
               "attempt=" + std::to_string(attempt.attempt) +
                   "; max=" + std::to_string(attempt.max_attempts));
    SigningParams params;
    params.region = call_region;
    params.service = std::string(info.signing_name);
    params.time = m_clock.now() + attempt.clock_offset;
    sign_request(signed_request, *credentials, params);
    if (attempt.time_left) {  // the thread's deadline (util/deadline.h) bounds the attempt
      signed_request.timeout = std::min(signed_request.timeout, *attempt.time_left);
      signed_request.connect_timeout = std::min(signed_request.connect_timeout, *attempt.time_left);
    }
    if (m_config.on_slow_call) {
      signed_request.on_progress = [this, &name, attempt, started = m_clock.steady_now(),
                                    next = k_slow_call_notice]() mutable {
        auto waited = std::chrono::duration_cast<util::Duration>(m_clock.steady_now() - started);
        if (waited >= next) {
          next += k_slow_call_notice;
          m_config.on_slow_call(
              SlowCallNotice{name, attempt.attempt, attempt.max_attempts, waited});
        }
      };
    }
    return m_transport.send(signed_request);
  };
  if (m_limiter) {
    call.on_attempt = [&](const util::Error* error) {
      m_limiter->record(service, operation, call_region,
                        error != nullptr && error->kind == util::ErrorKind::Throttling);
    };
  }
  auto response = m_retry->run(call);
  if (!response) {
    return with_operation(response.take_error(), name);
  }
  if (auto date = find_header(response->headers, "Date")) {
    if (auto at = util::parse_http_date(*date)) {
      m_server_offset_ms.store(
          std::chrono::duration_cast<std::chrono::milliseconds>(*at - m_clock.now()).count());
      m_server_date_seen.store(true);
    }
  }
  return response;
}

std::string AwsClient::endpoint(Service service, const std::string& region) const {
  if (!region.empty() && region != m_config.region &&
      m_config.regional_endpoints.count(service) != 0) {
    return default_endpoint(service, region, m_config.fips, m_config.dualstack);
  }
  auto it = m_config.endpoints.find(service);
  if (it != m_config.endpoints.end() && !it->second.empty()) {
    return it->second;
  }
  return default_endpoint(service, region.empty() ? m_config.region : region, false, false);
}

util::Result<nlohmann::ordered_json> AwsClient::call_json(Service service,
                                                          std::string_view operation,
                                                          const nlohmann::ordered_json& input) {
  return call_json(service, operation, input, std::string());
}

util::Result<nlohmann::ordered_json> AwsClient::call_json(Service service,
                                                          std::string_view operation,
                                                          const nlohmann::ordered_json& input,
                                                          const std::string& region) {
  HttpRequest request = json_protocol::build_request(
      endpoint(service, region), service_info(service).target_prefix, operation, input);
  auto response = send(service, operation, request, region);
  if (!response) {
    return response.take_error();
  }
  return json_protocol::parse_response(*response, operation_name(service, operation));
}

util::Result<std::string> AwsClient::call_query(
    Service service, std::string_view action,
    const std::vector<std::pair<std::string, std::string>>& params) {
  HttpRequest request = query_protocol::build_request(endpoint(service), action, params);
  auto response = send(service, action, request, std::string());
  if (!response) {
    return response.take_error();
  }
  return query_protocol::parse_response(*response, operation_name(service, action));
}

std::optional<util::SystemTime> AwsClient::server_now() const {
  if (!m_server_date_seen.load()) {
    return std::nullopt;
  }
  return m_clock.now() + std::chrono::milliseconds(m_server_offset_ms.load());
}

util::Duration AwsClient::clock_offset() const {
  return m_retry->clock_offset();
}

}  // namespace aws
